package dev.videoagent.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.assembly.json.JobView;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.core.ClientKey;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request work of {@code GET /v1/videos/{id}} outside HTTP and the database: hashing the
 * presented key and rendering the job as JSON. Run: {@code java -jar
 * benchmarks/target/benchmarks.jar JobRenderingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JobRenderingBenchmark {
  private ObjectMapper mapper;
  private VideoJob job;
  private ClientKey key;

  @Setup
  public void setUp() {
    mapper = Json.mapper();
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    job =
        VideoJob.create(
            "01JBENCHMARK0000000000000",
            "acme",
            VideoRequest.of("A friendly presenter explains the quarterly figures in one minute."),
            null,
            "callback-token-callback-token",
            now,
            now.plusSeconds(3600));
    key = new ClientKey("bench-client-key-0123456789abcdef");
  }

  @Benchmark
  public byte[] renderJobWithTheProductMapper() throws Exception {
    return mapper.writeValueAsBytes(JobView.of(job));
  }

  @Benchmark
  public String hashPresentedKey() {
    return key.hash();
  }
}
