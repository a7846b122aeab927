package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.util.Optional;
import java.util.function.Function;

/**
 * The use cases' way to the repository: a job as a caller may see it, and a job's next state
 * written by compare-and-set, where a lost race yields the job as the winner left it.
 */
final class JobStore {
  private final JobRepository jobs;

  JobStore(JobRepository jobs) {
    this.jobs = jobs;
  }

  /** The job, if there is one this caller may see: another tenant's job is simply not there. */
  Optional<VideoJob> find(Access access, String id) {
    return jobs.findById(id).filter(access::permits);
  }

  /**
   * A user's change to a job (cancel, retry), decided on the job as stored: after a race lost to
   * the tracker, the job is read again and the change decided again.
   *
   * @param change the next state of the job as read, or empty to leave the job as it is
   * @return empty when the caller may see no such job; otherwise the job as written, or as read
   *     when {@code change} left it
   */
  Optional<Changed> change(
      Access access, String id, Function<VideoJob, Optional<VideoJob>> change) {
    while (true) {
      Optional<VideoJob> found = find(access, id);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Optional<VideoJob> next = change.apply(found.get());
      if (next.isEmpty()) {
        return Optional.of(new Changed(found.get(), false));
      }
      Optional<VideoJob> written = jobs.update(next.get());
      if (written.isPresent()) {
        return Optional.of(new Changed(written.get(), true));
      }
    }
  }

  /** What {@link #change} left: the job, and whether the change was written. */
  record Changed(VideoJob job, boolean written) {}

  /** Writes {@code after} over {@code before}; when another worker wrote first, its result. */
  VideoJob save(VideoJob before, VideoJob after) {
    return jobs.update(after).orElseGet(() -> reread(before));
  }

  /** The job as stored now, or as given when it is gone. */
  VideoJob reread(VideoJob job) {
    return jobs.findById(job.id()).orElse(job);
  }
}
