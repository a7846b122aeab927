package dev.videoagent.systemtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The REST service as users run it: {@code java -jar app-api/target/videoagent-api.jar} in its own
 * JVM, configured by environment variables, its output appended to a log file that tests can read.
 */
final class ServiceProcess implements AutoCloseable {
  private final Map<String, String> environment;
  private final Path log;
  private final int port;
  private Process process;

  ServiceProcess(Map<String, String> environment, Path log, int port) {
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.port = port;
  }

  static Path serviceJar() {
    Path jar =
        Path.of("..", "app-api", "target", "videoagent-api.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn -B verify` from the top folder");
    }
    return jar;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  void start() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", serviceJar().toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", System.getProperty("user.home"));
    builder.environment().putAll(environment);
    builder.environment().put("VIDEOAGENT_PORT", Integer.toString(port));
    process = builder.start();
    awaitHealthy(Duration.ofSeconds(60));
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed; the worst crash a process can have. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  private void awaitHealthy(Duration within) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the service exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(url().resolve("/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "the service did not become healthy within " + within + "; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
