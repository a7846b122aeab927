package dev.videoagent.core.usecase;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of tracking: every due job, read from the database (never a list held in memory), is
 * advanced by {@link RefreshJob}. The CLI runs a round when someone looks; the service runs them
 * continuously.
 */
public final class TrackJobs {
  private final JobRepository jobs;
  private final RefreshJob refreshJob;
  private final Clock clock;

  public TrackJobs(JobRepository jobs, RefreshJob refreshJob, Clock clock) {
    this.jobs = jobs;
    this.refreshJob = refreshJob;
    this.clock = clock;
  }

  /**
   * Advances up to {@code limit} due jobs, earliest due first.
   *
   * @return the jobs looked at, as now stored
   */
  public List<VideoJob> runOnce(int limit) {
    List<VideoJob> due = jobs.findDue(clock.instant(), limit);
    // Jobs already at the gateway go first: one finishing frees a slot under the in-flight cap
    // for a pending job in this same round.
    List<VideoJob> advanced = new ArrayList<>(due.size());
    due.stream()
        .filter(j -> j.status() != JobStatus.PENDING)
        .map(refreshJob::refresh)
        .forEach(advanced::add);
    due.stream()
        .filter(j -> j.status() == JobStatus.PENDING)
        .map(refreshJob::refresh)
        .forEach(advanced::add);
    return advanced;
  }
}
