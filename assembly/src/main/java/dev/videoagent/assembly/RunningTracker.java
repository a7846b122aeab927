package dev.videoagent.assembly;

import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.CallRate;
import dev.videoagent.core.usecase.TrackerListener;
import dev.videoagent.core.usecase.TrackerStatus;
import java.time.Clock;
import java.time.Duration;

/**
 * The process's one {@link BackgroundTracker}, on the assembly's {@link WorkerPool}, telling its
 * host (the service's metrics and log, the library's listeners) through the {@link TrackerListener}
 * the host gave. Made stopped; {@link #start()} starts it, {@link #stop} ends it for good.
 */
public final class RunningTracker implements AutoCloseable {
  /** Never zero: the core waits with Thread.join, for which zero means "for ever". */
  private static final Duration MIN_GRACE = Duration.ofMillis(1);

  private final BackgroundTracker tracker;
  private boolean started;
  private boolean stopped;
  private volatile boolean running;

  RunningTracker(
      JobRepository jobs,
      AdvanceJob advanceJob,
      Clock clock,
      WorkerPool workers,
      BackgroundTracker.Settings settings,
      TrackerListener events,
      CallRate rate) {
    this.tracker =
        new BackgroundTracker(
            jobs, advanceJob, clock, workers.forTracker(), settings, events, rate);
  }

  /**
   * Starts the loop; a second call does nothing.
   *
   * @throws IllegalStateException once stopped
   */
  public synchronized void start() {
    if (stopped) {
      throw new IllegalStateException("RunningTracker has stopped; it does not start again.");
    }
    if (!started) {
      started = true;
      running = true;
      tracker.start();
    }
  }

  /** True from {@link #start()} to {@link #stop}. */
  public boolean running() {
    return running;
  }

  /** Look for due jobs now (a job was created, retried or called back). */
  public void wakeUp() {
    if (running) {
      tracker.wakeUp();
    }
  }

  /**
   * How tracking stands, measured from the database now.
   *
   * @throws RuntimeException when the database does not answer
   */
  public TrackerStatus status() {
    return tracker.status();
  }

  /**
   * As {@link #status()}, or the last measurement when the database does not answer now.
   *
   * @throws RuntimeException when the database does not answer and nothing was measured before
   */
  public TrackerStatus statusOrLast() {
    try {
      return tracker.status();
    } catch (RuntimeException databaseDown) {
      TrackerStatus last = tracker.lastStatus();
      if (last == null) {
        throw databaseDown;
      }
      return last;
    }
  }

  /**
   * Stops taking work and waits up to {@code grace} for refreshes under way (gateway calls already
   * sent are let finish, so that their answers are recorded). The worker pool is left to its owner.
   *
   * @return true when every refresh finished in time (or tracking never started)
   */
  public boolean stop(Duration grace) {
    synchronized (this) {
      stopped = true;
      if (!running) {
        return true;
      }
      running = false;
    }
    try {
      return tracker.stop(grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    stop(MIN_GRACE);
  }
}
