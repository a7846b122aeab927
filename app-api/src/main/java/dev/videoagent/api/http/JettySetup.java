package dev.videoagent.api.http;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server's own limits, stated here rather than left to Javalin's and Jetty's defaults, so
 * that docs/operations.md can say what they are and why. What a request body may cost is bounded
 * separately, by {@link RequestBodies}.
 */
public final class JettySetup {
  /**
   * Threads serving requests. A request holds one while it runs; request bodies may hold at most
   * {@code RequestBodies.Limits#concurrentReads} of them, so the rest always serve requests without
   * a body ({@code /health}, reads of a job).
   */
  public static final int MAX_THREADS = 200;

  static final int MIN_THREADS = 8;

  /**
   * How long an idle pool thread above {@link #MIN_THREADS} is kept. A burst of connections (a few
   * hundred clients at once) grows the pool to its maximum; every thread idle this long is let go
   * (not Jetty's default of one per period, which would keep the burst's threads for hours).
   */
  static final Duration THREAD_IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** The threads' name prefix, as seen in thread dumps. */
  public static final String THREAD_NAME = "videoagent-http";

  /**
   * How long a connection may stay silent: between requests (keep-alive), while its headers arrive,
   * or while a response waits for the client to read it. Reads of a request body are shorter (see
   * {@link RequestBodies.Limits#idleTimeout()}).
   */
  public static final Duration CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** The largest request line and headers accepted (431 above). */
  public static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;

  /**
   * Connections the kernel holds for the acceptor. The default (50) overflows when a burst of
   * clients connects at once, and a connection that overflows waits for the client's SYN retry, a
   * second or more, even for {@code /health}.
   */
  static final int ACCEPT_QUEUE_SIZE = 1024;

  private JettySetup() {}

  /**
   * Sets the thread pool and the one connector: {@code host} ({@code null} for every interface) and
   * {@code port} ({@code 0} for any free port).
   */
  public static void configure(JavalinConfig cfg, String host, int port) {
    QueuedThreadPool threads =
        new QueuedThreadPool(MAX_THREADS, MIN_THREADS, (int) THREAD_IDLE_TIMEOUT.toMillis());
    threads.setName(THREAD_NAME);
    threads.setMaxEvictCount(MAX_THREADS);
    cfg.jetty.threadPool = threads;
    cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES));
    cfg.jetty.addConnector(
        (server, http) -> {
          ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
          connector.setHost(host);
          connector.setPort(port);
          connector.setIdleTimeout(CONNECTION_IDLE_TIMEOUT.toMillis());
          connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
          return connector;
        });
  }
}
