package dev.videoagent.cli;

import dev.videoagent.core.VideoJob;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a person sees while a command waits for one job. On a terminal: one line rewritten in place
 * (status, elapsed time, ETA), redrawn every second. Piped: one plain line per status change on
 * stderr, so stdout carries nothing but the result. With {@code --json}: the terminal line on
 * stderr when there is a terminal, else nothing.
 */
interface JobProgress extends AutoCloseable {

  /** Told of every state the waiter sees; repeats are fine. */
  void update(VideoJob job);

  /** Ends the display (the terminal line gets its newline). */
  @Override
  void close();

  static JobProgress choose(CliContext context, boolean json, EtaEstimate eta, Clock clock) {
    if (context.interactive()) {
      PrintWriter target = json ? context.err() : context.out();
      return new TerminalLine(target, eta, clock, context.columns());
    }
    return json ? silent() : new PlainLines(context.err(), clock);
  }

  static JobProgress silent() {
    return new JobProgress() {
      @Override
      public void update(VideoJob job) {}

      @Override
      public void close() {}
    };
  }

  /** The words for a state: "processing", "completed, downloading the video", … */
  static String words(VideoJob job) {
    return switch (job.status()) {
      case PENDING ->
          job.consecutiveFailures() > 0
              ? "pending (the gateway did not take it yet; retrying)"
              : "pending (submitting)";
      case COMPLETED ->
          job.content() != null
              ? "completed, video stored"
              : job.error() != null
                  ? "completed, but the video could not be stored"
                  : "completed, downloading the video";
      default -> job.status().wireName();
    };
  }

  /** One plain line per change: {@code vid_… processing (12s)}. */
  final class PlainLines implements JobProgress {
    private final PrintWriter err;
    private final Clock clock;
    private VideoJob last;

    PlainLines(PrintWriter err, Clock clock) {
      this.err = err;
      this.clock = clock;
    }

    @Override
    public synchronized void update(VideoJob job) {
      if (last != null && !job.visiblyChangedFrom(last)) {
        return;
      }
      last = job;
      Duration elapsed = Duration.between(job.createdAt(), clock.instant());
      err.println(
          Visible.text(job.id()) + " " + words(job) + " (" + Durations.format(elapsed) + ")");
      err.flush();
    }

    @Override
    public void close() {}
  }

  /** The {@code \r}-rewritten line, redrawn each second so elapsed time and ETA move. */
  final class TerminalLine implements JobProgress {
    private final PrintWriter target;
    private final EtaEstimate eta;
    private final Clock clock;
    private final int columns;
    private final ScheduledExecutorService ticker;
    private VideoJob job;
    private boolean closed;

    TerminalLine(PrintWriter target, EtaEstimate eta, Clock clock, int columns) {
      this.target = target;
      this.eta = eta;
      this.clock = clock;
      this.columns = columns;
      this.ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "videoagent-progress");
                thread.setDaemon(true);
                return thread;
              });
      ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void update(VideoJob job) {
      this.job = Objects.requireNonNull(job);
      redraw();
    }

    private synchronized void redraw() {
      if (job == null || closed) {
        return;
      }
      Duration elapsed = Duration.between(job.createdAt(), clock.instant());
      String text =
          Visible.text(job.id())
              + "  "
              + words(job)
              + "  "
              + Durations.format(elapsed)
              + " elapsed";
      if (!job.status().isTerminal()) {
        text += "  " + eta.describe(job, clock.instant(), elapsed);
      }
      target.print("\r" + fit(text, columns) + "\u001b[K");
      target.flush();
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      redraw();
      closed = true;
      ticker.shutdownNow();
      if (job != null) {
        target.println();
        target.flush();
      }
    }

    /** Never wider than the terminal: a wrapped line cannot be rewritten with {@code \r}. */
    static String fit(String text, int columns) {
      int max = Math.max(10, columns - 1);
      if (text.codePointCount(0, text.length()) <= max) {
        return text;
      }
      // Cut between characters: half of a surrogate pair would print as garbage.
      return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }
  }
}
