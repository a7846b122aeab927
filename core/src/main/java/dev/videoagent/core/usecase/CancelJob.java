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
  private final JobStore store;
  private final Clock clock;

  public CancelJob(JobRepository jobs, Clock clock) {
    this.store = new JobStore(jobs);
    this.clock = clock;
  }

  public CancelResult cancel(Access access, String id) {
    Optional<JobStore.Changed> changed =
        store.change(
            access,
            id,
            job ->
                job.status().isTerminal()
                    ? Optional.empty()
                    : Optional.of(job.canceled(clock.instant())));
    if (changed.isEmpty()) {
      return new CancelResult.NotFound(id);
    }
    VideoJob job = changed.get().job();
    return changed.get().written()
        ? new CancelResult.Canceled(job)
        : new CancelResult.AlreadyFinished(job);
  }

  /** How a cancel call ended. */
  public sealed interface CancelResult {
    record Canceled(VideoJob job) implements CancelResult {}

    /** Already completed, failed or canceled: nothing to stop. */
    record AlreadyFinished(VideoJob job) implements CancelResult {}

    record NotFound(String id) implements CancelResult {}
  }
}
