package dev.videoagent.adapters.http.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback stand-in for the Pixazo gateway: the same paths, JSON and errors, with jobs that
 * finish after a few seconds, a real (tiny) MP4 as every video, webhooks, and faults on demand.
 * Started in-process by the CLI, the service and tests; all its threads are daemons.
 *
 * <pre>{@code
 * try (SandboxGateway sandbox = SandboxGateway.start(SandboxConfig.defaults())) {
 *   VideoGateway gateway =
 *       FeignVideoGateway.create(PixazoGatewayConfig.of(sandbox.baseUrl(), sandbox.apiKey()));
 *   ...
 * }
 * }</pre>
 */
public final class SandboxGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxGateway.class);
  private static final String CLIP_RESOURCE = "sample.mp4";

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService scheduler;
  private final URI baseUrl;
  private final SandboxConfig config;
  private final FaultDice dice;
  private final SandboxStats stats;
  private final byte[] clip;

  private SandboxGateway(
      HttpServer server,
      ExecutorService handlers,
      ScheduledExecutorService scheduler,
      URI baseUrl,
      SandboxConfig config,
      FaultDice dice,
      SandboxStats stats,
      byte[] clip) {
    this.server = server;
    this.handlers = handlers;
    this.scheduler = scheduler;
    this.baseUrl = baseUrl;
    this.config = config;
    this.dice = dice;
    this.stats = stats;
    this.clip = clip;
  }

  /**
   * Binds 127.0.0.1 on {@code config.port()} (0: any free port) and starts answering.
   *
   * @throws IOException when the port cannot be bound
   */
  public static SandboxGateway start(SandboxConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    byte[] clip = loadClip();
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 64);
    URI baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    ExecutorService handlers = Executors.newCachedThreadPool(daemons("videoagent-sandbox-http"));
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(daemons("videoagent-sandbox-webhooks"));
    Clock clock = Clock.systemUTC();
    SandboxStats stats = new SandboxStats(clock);
    FaultDice dice = new FaultDice(config.faults());
    WebhookSender webhooks =
        new WebhookSender(scheduler, stats, config.webhookAttempts(), config.webhookRetryDelay());
    server.createContext(
        "/",
        new SandboxRouter(config, baseUrl, dice, stats, webhooks, clip, new ObjectMapper(), clock));
    server.setExecutor(handlers);
    startAsDaemon(server);
    log.info("The gateway sandbox is listening on {}", baseUrl);
    return new SandboxGateway(server, handlers, scheduler, baseUrl, config, dice, stats, clip);
  }

  /**
   * The JDK server's dispatcher thread takes the daemon flag of the thread that starts it; started
   * from {@code main} it would keep a finished program alive. So a daemon thread starts it.
   */
  private static void startAsDaemon(HttpServer server) throws IOException {
    Thread starter = new Thread(server::start, "videoagent-sandbox-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop(0);
      throw new IOException("interrupted while starting the sandbox", e);
    }
  }

  /** Where to point the gateway client ({@code PIXAZO_BASE_URL}), e.g. http://127.0.0.1:41234. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The subscription key the sandbox accepts; not a secret. */
  public String apiKey() {
    return config.apiKey();
  }

  public SandboxConfig config() {
    return config;
  }

  public SandboxStats stats() {
    return stats;
  }

  public SandboxFaults faults() {
    return dice.faults();
  }

  /** Changes the faults from the next call on, restarting the random sequence from their seed. */
  public void setFaults(SandboxFaults faults) {
    dice.set(Objects.requireNonNull(faults, "faults"));
  }

  /** The bytes every completed job's media link serves. */
  public byte[] sampleClip() {
    return clip.clone();
  }

  /**
   * Stops answering at once; pending webhooks are dropped. Returns once the sandbox's threads have
   * ended (a moment at most: they are interrupted).
   */
  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    scheduler.shutdownNow();
    try {
      handlers.awaitTermination(2, TimeUnit.SECONDS);
      scheduler.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "SandboxGateway[" + baseUrl + "]";
  }

  private static byte[] loadClip() {
    try (InputStream in = SandboxGateway.class.getResourceAsStream(CLIP_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the sandbox clip " + CLIP_RESOURCE + " is not packaged");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the sandbox clip", e);
    }
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
