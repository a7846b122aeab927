package dev.videoagent.adapters.http;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response stream that stops delivering bytes. The JDK client's request time-out ends when
 * the headers arrive, so without this a server that stalls mid-body would block the reader for
 * ever; closing the stream makes the blocked read fail at once.
 */
final class StreamWatchdog implements AutoCloseable {
  private final Closeable stream;
  private final long quietNanos;
  private volatile long lastProgress;
  private volatile boolean finished;
  private volatile boolean fired;

  private StreamWatchdog(Closeable stream, Duration quiet) {
    this.stream = stream;
    this.quietNanos = Math.max(1, quiet.toNanos());
    this.lastProgress = System.nanoTime();
  }

  /**
   * Watches {@code stream}: when {@code quiet} passes without {@link #progress()} being called, the
   * stream is closed. A caller that never reports progress gets a plain deadline.
   */
  static StreamWatchdog watch(Closeable stream, Duration quiet) {
    StreamWatchdog watchdog = new StreamWatchdog(stream, quiet);
    watchdog.checkAfter(watchdog.quietNanos);
    return watchdog;
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
  }

  private void checkAfter(long nanos) {
    CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(this::check);
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
}
