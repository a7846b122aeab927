package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A worker's claim on a job, kept while a long step (a download) runs: renewed for another lease
 * each time a third of the lease has passed, as long as the step says it is still going. So a live
 * download of a large video is never started a second time, and one whose process died is taken up
 * again a lease later, not after a worst-case download time.
 *
 * <p>Used by one thread, the one doing the step.
 */
final class HeldClaim {
  private final JobRepository jobs;
  private final Clock clock;
  private final Duration lease;
  private VideoJob job;
  private Instant renewAt;
  private boolean lost;

  HeldClaim(JobRepository jobs, Clock clock, Duration lease, VideoJob claimed) {
    this.jobs = jobs;
    this.clock = clock;
    this.lease = lease;
    this.job = claimed;
    this.renewAt = clock.instant().plus(lease.dividedBy(3));
  }

  /**
   * The step is still going: renews the claim when a third of the lease has passed since the last
   * renewal. Once another writer changed the job (a worker that took it over because a stall
   * between two chunks outlasted the lease), the claim is not renewed again: the step's result is
   * then written over a job that moved on, and the compare-and-set refuses it.
   */
  void stillGoing() {
    Instant now = clock.instant();
    if (lost || now.isBefore(renewAt)) {
      return;
    }
    jobs.update(job.claimedUntil(now.plus(lease), now))
        .ifPresentOrElse(renewed -> job = renewed, () -> lost = true);
    renewAt = now.plus(lease.dividedBy(3));
  }

  /** The job as this worker last wrote it: what the step's result is written over. */
  VideoJob job() {
    return job;
  }
}
