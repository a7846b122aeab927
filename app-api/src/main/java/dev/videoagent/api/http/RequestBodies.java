package dev.videoagent.api.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Reads request bodies so that no client can hold the service's threads or memory with one.
 *
 * <p>Reading a body blocks a server thread until its bytes arrive, so a client that sends a large
 * {@code Content-Length} and then one byte a second would hold a thread for as long as it likes,
 * and a few hundred such clients would leave none for anyone else. Hence, for every body:
 *
 * <ul>
 *   <li>a size cap: a declared {@code Content-Length} over it is refused (413) before a byte is
 *       read, and an undeclared (chunked) body is cut off as soon as it passes the cap;
 *   <li>a bounded number of bodies read (and parsed) at once: when all slots are taken the request
 *       is answered 503 with {@code Retry-After} at once instead of waiting for one, so bodies can
 *       never take the threads that requests without a body need;
 *   <li>a total deadline, a minimum average rate once a short grace period has passed, and an idle
 *       time-out between bytes: a body that trickles or stalls is answered 408 within seconds. The
 *       idle time-out is the connection's own (Jetty's), shortened for the read, so that even a
 *       client that sends nothing at all is cut off at the deadline rather than at Jetty's
 *       30-second idle time-out.
 * </ul>
 *
 * A request refused for its body is answered with {@code Connection: close}: what is left of its
 * body is never read.
 */
public final class RequestBodies {
  /** The largest body any route accepts: 1 MiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** How long a client waits before trying again when every body slot is taken. */
  static final int BUSY_RETRY_AFTER_SECONDS = 1;

  private final Limits limits;
  private final Semaphore slots;

  /**
   * The limits of reading one body.
   *
   * @param concurrentReads bodies read and parsed at once, at most
   * @param deadline the longest a whole body may take to arrive
   * @param idleTimeout the longest wait for the next bytes of a body
   * @param minBytesPerSecond the slowest average rate accepted once {@code rateGrace} has passed
   * @param rateGrace how long a body may arrive at any rate (a slow start is normal)
   */
  public record Limits(
      int concurrentReads,
      Duration deadline,
      Duration idleTimeout,
      long minBytesPerSecond,
      Duration rateGrace) {

    public Limits {
      if (concurrentReads < 1) {
        throw new IllegalArgumentException("concurrentReads must be at least 1");
      }
      if (deadline.isNegative()
          || deadline.isZero()
          || idleTimeout.isNegative()
          || idleTimeout.isZero()) {
        throw new IllegalArgumentException("the deadline and the idle time-out must be positive");
      }
    }

    /**
     * 32 bodies at once (of a pool of {@value JettySetup#MAX_THREADS} threads), 10 s for a whole
     * body, 5 s between bytes, and at least 1 KiB/s on average after the first 2 s. A create body
     * is a few kilobytes and arrives in one packet; even the largest accepted (1 MiB) takes 10 s
     * only below about 1 Mbit/s.
     */
    public static Limits defaults() {
      return new Limits(
          32, Duration.ofSeconds(10), Duration.ofSeconds(5), 1024, Duration.ofSeconds(2));
    }
  }

  public RequestBodies(Limits limits) {
    this.limits = limits;
    this.slots = new Semaphore(limits.concurrentReads());
  }

  /**
   * Reads the body and hands it to {@code parse}, holding one of the read slots throughout, so that
   * what a body turns into in memory is bounded too.
   *
   * @throws ApiProblem 413 when the body is larger than {@code maxBytes}, 408 when it arrives too
   *     slowly, 503 when every slot is taken, 400 when it cannot be read
   */
  public <T> T read(Context ctx, int maxBytes, Function<byte[], T> parse) {
    refuseDeclaredOversize(ctx, maxBytes);
    if (hasNoBody(ctx)) {
      return parse.apply(new byte[0]);
    }
    takeSlot();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(ctx, maxBytes, out);
      return parse.apply(out.toByteArray());
    } finally {
      slots.release();
    }
  }

  /**
   * Reads and discards the body under the same limits, so the connection can be reused.
   *
   * @throws ApiProblem as {@link #read}
   */
  public void discard(Context ctx, int maxBytes) {
    refuseDeclaredOversize(ctx, maxBytes);
    if (hasNoBody(ctx)) {
      return;
    }
    takeSlot();
    try {
      copy(ctx, maxBytes, null);
    } finally {
      slots.release();
    }
  }

  /**
   * Refuses a body that is not JSON. A missing {@code Content-Type} is taken as JSON; {@code
   * application/json} and any {@code +json} type are accepted.
   *
   * @throws ApiProblem 415 otherwise
   */
  public static void requireJson(Context ctx) {
    String raw = ctx.header("Content-Type");
    if (raw == null || raw.isBlank()) {
      return;
    }
    String type = raw.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || type.endsWith("+json")) {
      return;
    }
    throw ApiProblem.of(
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "The body was sent as "
            + BoundedText.cut(type, 100)
            + "; send it as JSON with the header Content-Type: application/json.");
  }

  static String tooLargeDetail() {
    return "The request body is larger than " + MAX_BYTES + " bytes (1 MiB), the most accepted.";
  }

  /**
   * Refuses a request whose declared body is over the cap before anything else is done: it costs
   * nothing to check, and no route should act on a request it will refuse.
   */
  public static void refuseDeclaredOversize(Context ctx, int maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
  }

  /** HTTP/1.1: a request with neither a length nor a transfer coding has no body. */
  private static boolean hasNoBody(Context ctx) {
    return ctx.req().getContentLengthLong() <= 0 && ctx.header("Transfer-Encoding") == null;
  }

  private void takeSlot() {
    if (!slots.tryAcquire()) {
      throw new ApiProblem(
          ProblemType.SERVICE_UNAVAILABLE.problem(
              "The service is receiving as many request bodies as it takes at once; try again in"
                  + " a second."),
          Map.of("Retry-After", Integer.toString(BUSY_RETRY_AFTER_SECONDS), "Connection", "close"));
    }
  }

  private void copy(Context ctx, int maxBytes, ByteArrayOutputStream out) {
    EndPoint endPoint = endPoint(ctx);
    long originalIdleTimeout = endPoint == null ? -1 : endPoint.getIdleTimeout();
    long started = System.nanoTime();
    long deadline = started + limits.deadline().toNanos();
    long idleMillis = limits.idleTimeout().toMillis();
    byte[] buffer = new byte[8192];
    long total = 0;
    try {
      InputStream in = ctx.req().getInputStream();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw tooSlow(total, started);
        }
        if (endPoint != null) {
          // The connection's idle time-out ends a read that waits: never past the deadline.
          endPoint.setIdleTimeout(
              Math.max(1, Math.min(idleMillis, Duration.ofNanos(left).toMillis())));
        }
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          if (isTimeout(e)) {
            throw tooSlow(total, started);
          }
          throw unreadable();
        }
        if (n == -1) {
          break;
        }
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        if (out != null) {
          out.write(buffer, 0, n);
        }
        long elapsed = System.nanoTime() - started;
        if (elapsed > limits.rateGrace().toNanos()
            && total * 1_000_000_000L / elapsed < limits.minBytesPerSecond()) {
          throw tooSlow(total, started);
        }
      }
    } catch (IOException e) {
      throw unreadable();
    } finally {
      if (endPoint != null) {
        endPoint.setIdleTimeout(originalIdleTimeout);
      }
    }
  }

  /** The connection's end point, whose idle time-out bounds each blocking read; null off Jetty. */
  private static EndPoint endPoint(Context ctx) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request == null || request.getConnectionMetaData().getConnection() == null) {
      return null;
    }
    return request.getConnectionMetaData().getConnection().getEndPoint();
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The client went away or sent a broken chunked body: its fault, not ours. */
  private static ApiProblem unreadable() {
    return new ApiProblem(
        Problem.invalid("body", "The request body could not be read completely."),
        Map.of("Connection", "close"));
  }

  private ApiProblem tooSlow(long received, long startedNanos) {
    return new ApiProblem(
        ProblemType.REQUEST_TIMEOUT.problem(
            "The request body arrived too slowly ("
                + received
                + " bytes in "
                + spoken(Duration.ofNanos(System.nanoTime() - startedNanos))
                + "): send the whole body at once; it must arrive within "
                + spoken(limits.deadline())
                + ", without a pause of "
                + spoken(limits.idleTimeout())
                + "."),
        Map.of("Connection", "close"));
  }

  private static String spoken(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static ApiProblem tooLarge(int maxBytes) {
    String detail =
        maxBytes == MAX_BYTES
            ? tooLargeDetail()
            : "The request body is larger than " + maxBytes + " bytes, the most accepted here.";
    return new ApiProblem(
        ProblemType.PAYLOAD_TOO_LARGE.problem(detail), Map.of("Connection", "close"));
  }
}
