package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line's {@code batch} with 300 lines, run as a person runs it, against a
 * sandbox in this JVM that counts what it was sent: every line completes and is saved, each job is
 * accepted exactly once, never more than the cap at the gateway.
 */
class CommandLineBatchIT {
  private static final int LINES = 300;

  /**
   * The command line polls on the production schedule (first read 5 s after submitting), so a cap
   * of 10 would make this take two and a half minutes; 50 keeps it short and still has the workers
   * share the cap.
   */
  private static final int CAP = 50;

  @TempDir Path home;

  @Test
  void aBatchOfThreeHundredLinesCompletesEveryLineOnce() throws Exception {
    try (SandboxGateway sandbox =
        SandboxGateway.start(
            SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300)))) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < LINES; i++) {
        lines.add("{\"prompt\": \"batch video number " + i + "\"}");
      }
      Path file = home.resolve("promos.jsonl");
      Files.write(file, lines, StandardCharsets.UTF_8);
      Path output = home.resolve("videos");

      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(
          List.of(
              "-jar",
              CommandLineIT.cliJar().toString(),
              "batch",
              file.toString(),
              "--output-dir",
              output.toString(),
              "--concurrency",
              Integer.toString(CAP)));
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      builder.environment().put("HOME", home.toString());
      builder.environment().put("VIDEOAGENT_HOME", home.resolve(".videoagent").toString());
      builder.environment().put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
      builder.environment().put("PIXAZO_API_KEY", sandbox.apiKey());
      builder.environment().put("VIDEOAGENT_MAX_IN_FLIGHT", Integer.toString(CAP));
      Path log = home.resolve("batch.log");
      builder.redirectOutput(log.toFile());

      long started = System.nanoTime();
      Process batch = builder.start();
      boolean ended = batch.waitFor(3, TimeUnit.MINUTES);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String out = Files.readString(log);
      if (!ended) {
        batch.destroyForcibly();
      }

      assertThat(ended).as(out).isTrue();
      assertThat(batch.exitValue()).as(out).isZero();
      assertThat(out).contains(LINES + " lines, " + LINES + " completed, 0 failed, 0 unfinished");
      try (Stream<Path> videos = Files.list(output)) {
        assertThat(videos.filter(p -> p.toString().endsWith(".mp4")).count()).isEqualTo(LINES);
      }
      for (int i = 0; i < LINES; i++) {
        assertThat(sandbox.stats().acceptedSubmissionsFor("batch video number " + i)).isEqualTo(1);
      }
      assertThat(sandbox.stats().peakConcurrentJobs()).isBetween(1, CAP);
      System.out.printf(
          "command-line batch: %d lines in %.1f s, %.2f status reads per job, peak at the gateway"
              + " %d of %d%n",
          LINES,
          took.toMillis() / 1000.0,
          (double) sandbox.stats().statusReads() / LINES,
          sandbox.stats().peakConcurrentJobs(),
          CAP);
    }
  }
}
