package dev.videoagent.core.usecase;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A user's explicit resubmission of a failed job, as a new attempt under the same id. This is the
 * only path that sends a job to the gateway again, and only a person or program asking for it takes
 * it.
 */
public final class RetryJob {
  private final JobRepository jobs;
  private final Clock clock;
  private final TrackingPolicy policy;

  public RetryJob(JobRepository jobs, Clock clock, TrackingPolicy policy) {
    this.jobs = jobs;
    this.clock = clock;
    this.policy = policy;
  }

  public RetryResult retry(Access access, String id) {
    while (true) {
      Optional<VideoJob> found = jobs.findById(id).filter(access::permits);
      if (found.isEmpty()) {
        return new RetryResult.NotFound(id);
      }
      VideoJob job = found.get();
      if (job.status() != JobStatus.FAILED) {
        return new RetryResult.NotFailed(job);
      }
      Instant now = clock.instant();
      Optional<VideoJob> reopened =
          jobs.update(job.reopenForRetry(now, now.plus(policy.deadline())));
      if (reopened.isPresent()) {
        return new RetryResult.Retried(reopened.get());
      }
    }
  }

  /** How a retry call ended. */
  public sealed interface RetryResult {
    /** The job is pending again, as a new attempt. */
    record Retried(VideoJob job) implements RetryResult {}

    /** Only failed jobs can be retried. */
    record NotFailed(VideoJob job) implements RetryResult {}

    record NotFound(String id) implements RetryResult {}
  }
}
