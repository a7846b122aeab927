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
  private final JobStore store;
  private final Clock clock;
  private final JobPolicy policy;

  public RetryJob(JobRepository jobs, Clock clock, JobPolicy policy) {
    this.store = new JobStore(jobs);
    this.clock = clock;
    this.policy = policy;
  }

  public RetryResult retry(Access access, String id) {
    Optional<JobStore.Changed> changed =
        store.change(
            access,
            id,
            job -> {
              if (job.status() != JobStatus.FAILED) {
                return Optional.empty();
              }
              Instant now = clock.instant();
              return Optional.of(job.reopenForRetry(now, now.plus(policy.deadline())));
            });
    if (changed.isEmpty()) {
      return new RetryResult.NotFound(id);
    }
    VideoJob job = changed.get().job();
    return changed.get().written() ? new RetryResult.Retried(job) : new RetryResult.NotFailed(job);
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
