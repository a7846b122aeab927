package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line as a person runs it: the README's one command, and {@code serve}
 * stopped by SIGTERM.
 */
class CommandLineIT {
  private static final String CLIENT_KEY = "serve-test-client-key-0123456789";

  @TempDir Path home;

  static Path cliJar() {
    Path jar = Path.of("..", "app-cli", "target", "videoagent.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn -B verify` from the top folder");
    }
    return jar;
  }

  private ProcessBuilder videoagent(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(cliJar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", home.toString());
    // Java takes the home folder from the account, not from HOME: name the data folder outright.
    builder.environment().put("VIDEOAGENT_HOME", home.resolve(".videoagent").toString());
    builder.environment().putAll(env);
    return builder;
  }

  @Test
  void theReadmesCommandWritesAPlayableVideo() throws Exception {
    Process process =
        videoagent(
                Map.of(),
                "generate",
                "--sandbox",
                "A 30-second product demo of our new AI features",
                "--wait",
                "-o",
                "demo.mp4")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    byte[] video = Files.readAllBytes(home.resolve("demo.mp4"));
    assertThat(new String(video, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    assertThat(output).contains("completed").contains("demo.mp4");
    assertThat(home.resolve(".videoagent/videoagent.db")).exists();
  }

  @Test
  void serveRunsTheServiceOnTheSameDatabaseAndStopsGracefullyOnSigterm() throws Exception {
    int port = ServiceProcess.freePort();
    Path log = home.resolve("serve.log");
    Process serve =
        videoagent(
                Map.of("VIDEOAGENT_API_KEYS", "acme:" + CLIENT_KEY),
                "serve",
                "--sandbox",
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      ApiClient api =
          new ApiClient(() -> java.net.URI.create("http://127.0.0.1:" + port), CLIENT_KEY);
      String id = awaitCreate(api, serve, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      JsonNode job = api.get(id);
      while (!(job.get("status").asText().equals("completed") && !job.get("content").isNull())) {
        assertThat(System.nanoTime()).as("job %s: %s", id, job).isLessThan(deadline);
        Thread.sleep(250);
        job = api.get(id);
      }

      // The command line reads the same database the service writes.
      Process status =
          videoagent(Map.of(), "status", id, "--json", "--sandbox")
              .redirectErrorStream(false)
              .start();
      JsonNode seen = new ObjectMapper().readTree(status.getInputStream());
      assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(seen.get("status").asText()).isEqualTo("completed");
      assertThat(seen.get("content").get("sha256").asText())
          .isEqualTo(job.get("content").get("sha256").asText());
    } finally {
      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("stops within its grace period").isTrue();
    }
    assertThat(serve.exitValue()).as(Files.readString(log)).isIn(0, 143);
    assertThat(Files.readString(log)).contains("listening on").doesNotContain("Exception");
  }

  private static String awaitCreate(ApiClient api, Process serve, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return api.create("served by videoagent serve", "serve-1").get("id").asText();
      } catch (IOException e) {
        if (!serve.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("serve did not come up: " + Files.readString(log), e);
        }
        Thread.sleep(200);
      }
    }
  }
}
