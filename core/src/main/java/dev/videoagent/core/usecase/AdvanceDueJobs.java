package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of tracking, read from the database (never a list held in memory): first the due work
 * that needs no in-flight slot (status reads, downloads, crash recovery, deadlines), then
 * submissions, in creation order, up to the slots that are free. The CLI runs a round when someone
 * looks; the service runs them continuously ({@link BackgroundTracker}), by the same rules.
 */
public final class AdvanceDueJobs {
  private final JobRepository jobs;
  private final AdvanceJob advanceJob;
  private final Clock clock;

  public AdvanceDueJobs(JobRepository jobs, AdvanceJob advanceJob, Clock clock) {
    this.jobs = jobs;
    this.advanceJob = advanceJob;
    this.clock = clock;
  }

  /**
   * Advances up to {@code limit} jobs of due work, earliest due first; then submits up to {@code
   * limit} pending jobs, oldest first, but never more than the free slots (so none is turned away
   * by the cap unless another process takes a slot meanwhile).
   *
   * @return the jobs looked at, as now stored
   */
  public List<VideoJob> runOnce(int limit) {
    // Work first: a job finishing frees a slot for a submission in this same round.
    List<VideoJob> advanced = new ArrayList<>();
    for (VideoJob job : jobs.findDueWork(clock.instant(), limit)) {
      advanced.add(advanceJob.refresh(job));
    }
    int free =
        CreditHold.submissionsAllowed(
            advanceJob.creditHold(), Math.min(limit, advanceJob.freeSlots()));
    if (free > 0) {
      for (VideoJob job : jobs.findSubmissionQueue(clock.instant(), free)) {
        advanced.add(advanceJob.refresh(job));
      }
    }
    return advanced;
  }
}
