package dev.videoagent.adapters.http;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes a response stream that stops delivering bytes. The JDK client's request time-out ends when
 * the headers arrive, so without this a server that stalls mid-body would block the reader for
 * ever; closing the stream makes the blocked read fail at once. The checks run on the {@link Timer}
 * of the client that reads, never on a thread of the JDK's own that outlives it.
 */
final class StreamWatchdog implements AutoCloseable {
  private final Closeable stream;
  private final long quietNanos;
  private final ScheduledExecutorService timer;
  private volatile long lastProgress;
  private volatile boolean finished;
  private volatile boolean fired;
  private volatile ScheduledFuture<?> next;

  private StreamWatchdog(Closeable stream, Duration quiet, ScheduledExecutorService timer) {
    this.stream = stream;
    this.quietNanos = Math.max(1, quiet.toNanos());
    this.timer = timer;
    this.lastProgress = System.nanoTime();
  }

  void progress() {
    lastProgress = System.nanoTime();
  }

  /** True when the stream was closed for being quiet too long. */
  boolean fired() {
    return fired;
  }

  @Override
  public void close() {
    finished = true;
    ScheduledFuture<?> pending = next;
    if (pending != null) {
      pending.cancel(false);
    }
  }

  private void checkAfter(long nanos) {
    next = timer.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (finished) {
      return;
    }
    long quiet = System.nanoTime() - lastProgress;
    if (quiet < quietNanos) {
      checkAfter(quietNanos - quiet);
      return;
    }
    fired = true;
    try {
      stream.close();
    } catch (IOException ignored) {
      // The reader sees the stream fail either way.
    }
  }

  /**
   * The one timer thread ({@code videoagent-watchdog-N}, a daemon) that a client's watchdogs share.
   * It is made when first needed, leaves after a few idle seconds, and {@link #close()} ends it
   * before returning, so a closed client leaves no thread of its own behind.
   */
  static final class Timer implements AutoCloseable {
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledThreadPoolExecutor timer;

    Timer() {
      timer =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread =
                    new Thread(task, "videoagent-watchdog-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      timer.setRemoveOnCancelPolicy(true);
      timer.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
      timer.allowCoreThreadTimeOut(true);
    }

    /**
     * Watches {@code stream}: when {@code quiet} passes without {@link #progress()} being called,
     * the stream is closed. A caller that never reports progress gets a plain deadline.
     *
     * @throws java.util.concurrent.RejectedExecutionException once this timer is closed
     */
    StreamWatchdog watch(Closeable stream, Duration quiet) {
      StreamWatchdog watchdog = new StreamWatchdog(stream, quiet, timer);
      watchdog.checkAfter(watchdog.quietNanos);
      return watchdog;
    }

    @Override
    public void close() {
      timer.shutdownNow();
      try {
        timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
