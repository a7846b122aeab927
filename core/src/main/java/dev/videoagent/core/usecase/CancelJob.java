package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.util.Optional;

/**
 * Stops tracking a job. The gateway has no cancel call, so a job it already holds may still finish
 * there (and be billed); we simply stop reading and downloading it.
 */
public final class CancelJob {
  private final JobRepository jobs;
  private final Clock clock;

  public CancelJob(JobRepository jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
  }

  public CancelResult cancel(Access access, String id) {
    while (true) {
      Optional<VideoJob> found = jobs.findById(id).filter(access::permits);
      if (found.isEmpty()) {
        return new CancelResult.NotFound(id);
      }
      VideoJob job = found.get();
      if (job.status().isTerminal()) {
        return new CancelResult.AlreadyFinished(job);
      }
      // Lost a race with the tracker: read again and decide again.
      Optional<VideoJob> canceled = jobs.update(job.canceled(clock.instant()));
      if (canceled.isPresent()) {
        return new CancelResult.Canceled(canceled.get());
      }
    }
  }

  /** How a cancel call ended. */
  public sealed interface CancelResult {
    record Canceled(VideoJob job) implements CancelResult {}

    /** Already completed, failed or canceled: nothing to stop. */
    record AlreadyFinished(VideoJob job) implements CancelResult {}

    record NotFound(String id) implements CancelResult {}
  }
}
