package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.embedded.AwaitResult;
import dev.videoagent.embedded.TrackerStatus;
import dev.videoagent.embedded.Video;
import dev.videoagent.embedded.VideoAgent;
import dev.videoagent.embedded.VideoListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library under load, against a sandbox in this JVM that counts what it was sent: the
 * background tracker with its default settings (concurrency 8, 5 calls a second, 10 in flight,
 * batches of 100) drains more jobs than its batch, and waits that drive their own jobs from many
 * threads never put more than the cap at the gateway.
 */
class LibraryLoadIT {
  private static final int CAP = 10;

  @TempDir Path home;

  @Test
  void aHundredAndFiftyJobsSubmittedToAStartedAgentWithDefaultSettingsAllComplete()
      throws Exception {
    // Half as many again as a batch: the second batch is only found if the first one moves on. At
    // the default 5 calls a second each job costs about 0.4 s, so more jobs only add minutes.
    int count = 150;
    AtomicInteger stored = new AtomicInteger();
    try (SandboxGateway sandbox =
            SandboxGateway.start(
                SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300)));
        VideoAgent agent =
            VideoAgent.builder()
                .baseUrl(sandbox.baseUrl())
                .apiKey(sandbox.apiKey())
                .home(home)
                // The one change to the defaults besides short jobs: read 0.5 s after submitting.
                .polling(Duration.ofMillis(500), Duration.ofSeconds(60))
                .listener(
                    new VideoListener() {
                      @Override
                      public void videoStored(Video video) {
                        stored.incrementAndGet();
                      }
                    })
                .build()) {
      List<Video> jobs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        jobs.add(agent.submit("library video number " + i));
      }
      long started = System.nanoTime();
      agent.start();

      await()
          .atMost(4, TimeUnit.MINUTES)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> stored.get() >= count);
      Duration drain = Duration.ofNanos(System.nanoTime() - started);

      for (Video job : jobs) {
        assertThat(agent.get(job.id()).orElseThrow().isStored()).as(job.id()).isTrue();
        assertThat(sandbox.stats().acceptedSubmissionsFor(job.prompt())).isEqualTo(1);
      }
      assertThat(sandbox.stats().peakConcurrentJobs()).isBetween(1, CAP);
      TrackerStatus status = agent.trackerStatus();
      assertThat(status.isOk()).isTrue();
      assertThat(status.queueDepth()).isZero();
      System.out.printf(
          "library load: %d jobs drained in %.1f s at the default 5 calls/s, %.2f status reads"
              + " per job, peak at the gateway %d of %d%n",
          count,
          drain.toMillis() / 1000.0,
          (double) sandbox.stats().statusReads() / count,
          sandbox.stats().peakConcurrentJobs(),
          CAP);
    }
  }

  @Test
  void tenThreadsDrivingWaitsOnFiftyJobsNeverPutMoreThanTheCapAtTheGateway() throws Exception {
    int count = 50;
    try (SandboxGateway sandbox =
            SandboxGateway.start(
                SandboxConfig.defaults().withCompletionDelay(Duration.ofSeconds(1)));
        VideoAgent agent =
            VideoAgent.builder()
                .baseUrl(sandbox.baseUrl())
                .apiKey(sandbox.apiKey())
                .home(home)
                // No tracker: ten worker threads drive the waits, all racing for the slots.
                .concurrency(10)
                .polling(Duration.ofMillis(200), Duration.ofSeconds(1))
                .build()) {
      List<CompletableFuture<AwaitResult>> waits = new ArrayList<>();
      List<String> prompts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String prompt = "driven video number " + i;
        prompts.add(prompt);
        waits.add(agent.awaitAsync(agent.submit(prompt).id(), Duration.ofMinutes(2)));
      }
      long started = System.nanoTime();

      for (CompletableFuture<AwaitResult> wait : waits) {
        AwaitResult result = wait.get(3, TimeUnit.MINUTES);
        assertThat(result).isInstanceOf(AwaitResult.Finished.class);
        assertThat(((AwaitResult.Finished) result).video().isStored()).isTrue();
      }
      for (String prompt : prompts) {
        assertThat(sandbox.stats().acceptedSubmissionsFor(prompt)).isEqualTo(1);
      }
      assertThat(sandbox.stats().peakConcurrentJobs()).isBetween(1, CAP);
      System.out.printf(
          "driven waits: %d jobs on 10 threads in %.1f s, peak at the gateway %d of %d%n",
          count,
          Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0,
          sandbox.stats().peakConcurrentJobs(),
          CAP);
    }
  }
}
