package dev.videoagent.api;

import dev.videoagent.api.http.Tracking;
import dev.videoagent.api.metrics.ServiceMetrics;
import dev.videoagent.core.JobError;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.RefreshJob;
import dev.videoagent.core.usecase.TrackerEvents;
import dev.videoagent.core.usecase.TrackerStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one {@link BackgroundTracker}, on a fixed pool of daemon threads as large as its
 * concurrency, with its events turned into log lines and metrics. Log lines name jobs and error
 * codes, never keys; a tracker that stops keeping up is logged once (WARN), and once again when it
 * recovers (INFO), never once per job.
 */
public final class ServiceTracker implements Tracking {
  private static final Logger log = LoggerFactory.getLogger(ServiceTracker.class);

  /** After the grace period, how long interrupted workers get to record what they know. */
  static final Duration INTERRUPT_WAIT = Duration.ofSeconds(2);

  private static final Duration MIN_GRACE = Duration.ofMillis(1);

  private static final long ROUND_ERROR_LOG_INTERVAL_NANOS = Duration.ofSeconds(30).toNanos();

  /** How long the gauges reuse one measurement of the tracker's status. */
  static final Duration METRICS_STATUS_TTL = Duration.ofSeconds(2);

  private final BackgroundTracker tracker;
  private final ThreadPoolExecutor workers;
  private volatile boolean running;
  private volatile CachedStatus metricsStatus;

  public ServiceTracker(
      JobRepository jobs,
      RefreshJob refreshJob,
      Clock clock,
      BackgroundTracker.Settings settings,
      ServiceMetrics metrics) {
    // The tracker never has more than `concurrency` refreshes queued or running, so this queue
    // never fills; it is bounded all the same.
    this.workers =
        new ThreadPoolExecutor(
            settings.concurrency(),
            settings.concurrency(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.concurrency()),
            daemons("videoagent-worker"));
    this.tracker =
        new BackgroundTracker(jobs, refreshJob, clock, workers, settings, new Events(metrics));
    metrics.bindTracker(this::statusForMetrics);
  }

  public void start() {
    running = true;
    tracker.start();
  }

  /**
   * Stops taking work, lets refreshes under way finish for up to {@code grace}, then interrupts the
   * rest and gives them {@link #INTERRUPT_WAIT} to record their outcome (an interrupted submit is
   * recorded as {@code submission_unknown}, never sent again).
   *
   * @return true when everything finished within the grace period
   */
  public boolean stop(Duration grace) {
    running = false;
    // Never zero: the core waits with Thread.join, for which zero means "for ever".
    Duration bounded = grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace;
    boolean finished;
    try {
      finished = tracker.stop(bounded);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    workers.shutdown();
    if (!finished) {
      workers.shutdownNow();
    }
    try {
      if (!workers.awaitTermination(INTERRUPT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Some gateway calls were still running at shutdown; their jobs resume later.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return finished;
  }

  @Override
  public void wakeUp() {
    tracker.wakeUp();
  }

  @Override
  public boolean running() {
    return running;
  }

  @Override
  public TrackerStatus status() {
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
   * The status for the gauges: one scrape reads several of them, so a measurement is reused for
   * {@link #METRICS_STATUS_TTL}; null (the gauges show NaN) before the database ever answered.
   */
  private TrackerStatus statusForMetrics() {
    CachedStatus cached = metricsStatus;
    long now = System.nanoTime();
    if (cached != null && now - cached.readAtNanos() < METRICS_STATUS_TTL.toNanos()) {
      return cached.status();
    }
    TrackerStatus status;
    try {
      status = status();
    } catch (RuntimeException e) {
      return null;
    }
    metricsStatus = new CachedStatus(status, now);
    return status;
  }

  private record CachedStatus(TrackerStatus status, long readAtNanos) {}

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Logs what matters to an operator and counts everything. */
  private static final class Events implements TrackerEvents {
    private final ServiceMetrics metrics;
    private final AtomicLong lastRoundErrorLog =
        new AtomicLong(System.nanoTime() - ROUND_ERROR_LOG_INTERVAL_NANOS);
    private volatile String lastAuthTrouble;

    Events(ServiceMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void changed(VideoJob before, VideoJob after) {
      if (before.status() != after.status()) {
        metrics.jobTransition(after.status());
        log.debug("Job {} is {}", after.id(), after.status().wireName());
      }
      JobError error = after.error();
      if (error != null && !Objects.equals(error, before.error())) {
        if (after.status() == JobStatus.FAILED) {
          log.info("Job {} failed ({}): {}", after.id(), error.code().wireName(), error.message());
        } else {
          log.warn(
              "Job {} has no stored video ({}): {}",
              after.id(),
              error.code().wireName(),
              error.message());
        }
      }
      lastAuthTrouble = null;
    }

    @Override
    public void jobFailed(VideoJob job, RuntimeException error) {
      metrics.trackerError("job");
      if (error instanceof GatewayAuthenticationException) {
        // The same refused key fails every job: say it once, not once per job per round.
        if (!Objects.equals(lastAuthTrouble, error.getMessage())) {
          lastAuthTrouble = error.getMessage();
          log.error("The gateway refused the subscription key: {}", error.getMessage());
        }
        return;
      }
      log.warn("Could not advance job {}: {}", job.id(), error.toString());
      log.debug("Why job {} could not be advanced", job.id(), error);
    }

    @Override
    public void stalled(TrackerStatus status) {
      log.warn("Tracking is not keeping up: {}", status.reason());
    }

    @Override
    public void recovered(TrackerStatus status) {
      log.info(
          "Tracking keeps up again: the most overdue job is {} s late, {} jobs wait for a slot.",
          status.lag().toSeconds(),
          status.waitingForSlot());
    }

    @Override
    public void roundFailed(RuntimeException error) {
      metrics.trackerError("round");
      long now = System.nanoTime();
      long last = lastRoundErrorLog.get();
      if (now - last >= ROUND_ERROR_LOG_INTERVAL_NANOS
          && lastRoundErrorLog.compareAndSet(last, now)) {
        log.warn("A tracking round failed (is the database reachable?): {}", error.toString());
      }
    }
  }
}
