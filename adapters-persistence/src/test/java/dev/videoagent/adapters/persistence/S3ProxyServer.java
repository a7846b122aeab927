package dev.videoagent.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server on loopback for tests: s3proxy over its jclouds {@code filesystem} backend,
 * started as a separate JVM from its own jar. (s3proxy brings Jetty 11; in-process it would share a
 * classpath with Javalin's Jetty 12 in the service's and the command line's tests.) The jar comes
 * from the build ({@code target/s3proxy/s3proxy.jar}, system property {@code s3proxy.jar}).
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start(tempDir)) {
 *   ... s3.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY ...
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "local-access-key";
  public static final String SECRET_KEY = "local-secret-key-0123456789";
  public static final String REGION = "us-east-1";

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;
  private final Path data;

  private S3ProxyServer(Process process, URI endpoint, Path data) {
    this.process = process;
    this.endpoint = endpoint;
    this.data = data;
  }

  /**
   * Starts a server keeping its buckets under {@code folder}, and waits until it answers.
   *
   * @throws IllegalStateException when the jar is missing or the server does not come up
   */
  public static S3ProxyServer start(Path folder) throws IOException {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the s3proxy jar is not at "
              + jar.toAbsolutePath()
              + "; the module's build copies it there (maven-dependency-plugin, s3proxy-jar)");
    }
    Path data = Files.createDirectories(folder.resolve("s3-data"));
    int port = freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Path properties = folder.resolve("s3proxy.properties");
    Files.write(
        properties,
        List.of(
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data));
    Path log = folder.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(process, endpoint, data);
    try {
      server.awaitUp(port, log);
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Makes a bucket (the filesystem backend's bucket is a folder). */
  public void createBucket(String name) throws IOException {
    Files.createDirectories(data.resolve(name));
  }

  /** Where the backend keeps the buckets' objects, one folder per bucket. */
  public Path dataFolder() {
    return data;
  }

  private void awaitUp(int port, Path log) throws IOException {
    Instant until = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "s3proxy stopped while starting:\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    throw new IllegalStateException(
        "s3proxy did not listen on " + port + " within " + STARTUP + ":\n" + Files.readString(log));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for s3proxy", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
