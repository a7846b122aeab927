package dev.videoagent.core.usecase;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.port.VideoStore.VideoContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Hands out a job's stored video. When a completed job has none (downloads gave up, or the file
 * went missing), it asks for the video again at once, so "download" is also "try again".
 */
public final class DownloadVideo {
  private final JobRepository jobs;
  private final JobStore jobStore;
  private final AdvanceJob advanceJob;
  private final VideoStore store;
  private final Clock clock;

  public DownloadVideo(JobRepository jobs, AdvanceJob advanceJob, VideoStore store, Clock clock) {
    this.jobs = jobs;
    this.jobStore = new JobStore(jobs);
    this.advanceJob = advanceJob;
    this.store = store;
    this.clock = clock;
  }

  /**
   * @param fetchIfMissing whether to download now when a completed job's video is not stored
   */
  public VideoResult open(Access access, String id, boolean fetchIfMissing) {
    Optional<VideoJob> found = jobStore.find(access, id);
    if (found.isEmpty()) {
      return new VideoResult.NotFound(id);
    }
    VideoJob job = found.get();
    if (job.status() != JobStatus.COMPLETED) {
      return new VideoResult.NotReady(job);
    }
    Optional<VideoContent> content = job.content() == null ? Optional.empty() : find(id);
    if (content.isPresent()) {
      return new VideoResult.Available(job, content.get());
    }
    if (!fetchIfMissing) {
      return new VideoResult.NotReady(job);
    }
    Optional<VideoJob> requested = jobs.update(job.downloadRequested(clock.instant()));
    VideoJob after =
        requested.map(advanceJob::refresh).orElseGet(() -> jobs.findById(id).orElseThrow());
    Optional<VideoContent> fetched = after.content() == null ? Optional.empty() : find(id);
    return fetched
        .<VideoResult>map(c -> new VideoResult.Available(after, c))
        .orElseGet(() -> new VideoResult.NotReady(after));
  }

  private Optional<VideoContent> find(String id) {
    try {
      return store.find(id);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the stored video of " + id, e);
    }
  }

  /** What {@link #open} found. */
  public sealed interface VideoResult {
    /** The stored, verified video. */
    record Available(VideoJob job, VideoContent content) implements VideoResult {}

    /** No video to hand out (yet): see the job's status and error. */
    record NotReady(VideoJob job) implements VideoResult {}

    record NotFound(String id) implements VideoResult {}
  }
}
