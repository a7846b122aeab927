package dev.videoagent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a batch shows while it runs: a result line per finished job (text, or JSON Lines with {@code
 * --json}) on stdout, and on a terminal one status line (done, failed, in flight, elapsed, ETA)
 * rewritten in place below them, redrawn every second.
 */
final class BatchDisplay implements AutoCloseable {
  private final PrintWriter results;
  private final PrintWriter statusTarget;
  private final Supplier<String> status;
  private final int columns;
  private final ScheduledExecutorService ticker;
  private boolean statusShown;
  private boolean closed;

  /**
   * @param statusTarget where the status line goes, or {@code null} for none (not a terminal)
   */
  BatchDisplay(
      PrintWriter results, PrintWriter statusTarget, Supplier<String> status, int columns) {
    this.results = results;
    this.statusTarget = statusTarget;
    this.status = status;
    this.columns = columns;
    if (statusTarget == null) {
      this.ticker = null;
    } else {
      this.ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "videoagent-batch-progress");
                thread.setDaemon(true);
                return thread;
              });
      ticker.scheduleAtFixedRate(this::redraw, 0, 1, TimeUnit.SECONDS);
    }
  }

  /** Prints one finished job's line above the status line. */
  synchronized void result(String line) {
    if (closed) {
      return;
    }
    clearStatus();
    results.println(line);
    results.flush();
    redraw();
  }

  synchronized void redraw() {
    if (statusTarget == null || closed) {
      return;
    }
    statusTarget.print("\r" + JobProgress.TerminalLine.fit(status.get(), columns) + "\u001b[K");
    statusTarget.flush();
    statusShown = true;
  }

  private void clearStatus() {
    if (statusShown) {
      statusTarget.print("\r\u001b[K");
      statusTarget.flush();
      statusShown = false;
    }
  }

  /** Leaves the last status on screen and ends its line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    if (ticker != null) {
      redraw();
      ticker.shutdownNow();
      statusTarget.println();
      statusTarget.flush();
    }
    closed = true;
  }
}
