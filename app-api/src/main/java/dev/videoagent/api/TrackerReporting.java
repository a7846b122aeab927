package dev.videoagent.api;

import dev.videoagent.api.http.TrackerControls;
import dev.videoagent.api.metrics.ServiceMetrics;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.RunningTracker;
import dev.videoagent.assembly.WorkerPool;
import dev.videoagent.core.JobError;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.usecase.TrackerListener;
import dev.videoagent.core.usecase.TrackerStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's view of the assembly's background tracker: its events turned into log lines and
 * metrics. Log lines name jobs and error codes, never keys; a tracker that stops keeping up is
 * logged once (WARN), and once again when it recovers (INFO), never once per job.
 */
public final class TrackerReporting implements TrackerControls {
  private static final Logger log = LoggerFactory.getLogger(TrackerReporting.class);

  /** After the grace period, how long interrupted workers get to record what they know. */
  static final Duration INTERRUPT_WAIT = WorkerPool.INTERRUPT_WAIT;

  private static final long ROUND_ERROR_LOG_INTERVAL_NANOS = Duration.ofSeconds(30).toNanos();

  /** How long the gauges reuse one measurement of the tracker's status. */
  static final Duration METRICS_STATUS_TTL = Duration.ofSeconds(2);

  private final RunningTracker tracking;
  private final WorkerPool workers;
  private volatile CachedStatus metricsStatus;

  public TrackerReporting(Assembly assembly, ServiceMetrics metrics) {
    this.tracking = assembly.tracking(new Events(metrics));
    this.workers = assembly.workers();
    metrics.bindTracker(this::statusForMetrics);
  }

  public void start() {
    tracking.start();
  }

  /**
   * Stops taking work, lets refreshes under way finish for up to {@code grace}, then interrupts the
   * rest and gives them {@link #INTERRUPT_WAIT} to record their outcome (an interrupted submit is
   * recorded as {@code submission_unknown}, never sent again).
   *
   * @return true when everything finished within the grace period
   */
  public boolean stop(Duration grace) {
    boolean finished = tracking.stop(grace);
    workers.close(finished ? grace : Duration.ZERO);
    return finished;
  }

  @Override
  public void wakeUp() {
    tracking.wakeUp();
  }

  @Override
  public boolean running() {
    return tracking.running();
  }

  @Override
  public TrackerStatus status() {
    return tracking.statusOrLast();
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

  /** Logs what matters to an operator and counts everything. */
  private static final class Events implements TrackerListener {
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
