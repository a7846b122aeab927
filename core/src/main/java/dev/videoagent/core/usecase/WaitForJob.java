package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Waits for one job to settle (terminal, with its video stored when it completed), advancing it
 * whenever it is due, so a job is finished even when no service runs. Sleeps until the job's next
 * check rather than on a fixed beat.
 */
public final class WaitForJob {
  /** Checks the database at least this often, for changes made by other processes. */
  static final Duration LONGEST_NAP = Duration.ofSeconds(5);

  /** Never spins: a job held by another worker is looked at again after this at the earliest. */
  static final Duration SHORTEST_NAP = Duration.ofMillis(250);

  /**
   * A job the in-flight cap turned away looks again after this: a slot frees when another job
   * finishes, which takes seconds to minutes, so asking every {@link #SHORTEST_NAP} would only load
   * the database.
   */
  static final Duration SLOT_NAP = Duration.ofSeconds(2);

  private final JobRepository jobs;
  private final RefreshJob refreshJob;
  private final Clock clock;
  private final Sleeper sleeper;

  public WaitForJob(JobRepository jobs, RefreshJob refreshJob, Clock clock, Sleeper sleeper) {
    this.jobs = jobs;
    this.refreshJob = refreshJob;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * @param timeout how long to wait at most
   * @param onChange told of every change seen (status, content, error), and of the first state
   * @throws InterruptedException when the waiting thread is interrupted (the job goes on)
   */
  public WaitResult await(Access access, String id, Duration timeout, Consumer<VideoJob> onChange)
      throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    Instant giveUpAt = clock.instant().plus(timeout);
    VideoJob seen = null;
    while (true) {
      Optional<VideoJob> found = jobs.findById(id).filter(access::permits);
      if (found.isEmpty()) {
        return new WaitResult.NotFound(id);
      }
      VideoJob job = refreshJob.refresh(found.get());
      if (seen == null || job.visiblyChangedFrom(seen)) {
        onChange.accept(job);
      }
      seen = job;
      if (job.isSettled()) {
        return new WaitResult.Settled(job);
      }
      Instant now = clock.instant();
      if (!now.isBefore(giveUpAt)) {
        return new WaitResult.TimedOut(job);
      }
      sleeper.sleep(napUntilNextCheck(job, now, giveUpAt));
    }
  }

  private static Duration napUntilNextCheck(VideoJob job, Instant now, Instant giveUpAt) {
    Instant wake;
    if (job.nextCheckAt() == null) {
      wake = now.plus(LONGEST_NAP);
    } else if (job.waitsForSlot() && job.isDue(now)) {
      // Still due after a refresh: the cap turned it away (it keeps its place in line).
      wake = now.plus(SLOT_NAP);
    } else {
      wake = job.nextCheckAt();
    }
    if (wake.isAfter(giveUpAt)) {
      wake = giveUpAt;
    }
    Duration nap = Duration.between(now, wake);
    if (nap.compareTo(LONGEST_NAP) > 0) {
      return LONGEST_NAP;
    }
    return nap.compareTo(SHORTEST_NAP) < 0 ? SHORTEST_NAP : nap;
  }

  /** How a wait ended. */
  public sealed interface WaitResult {
    /** The job is terminal and, if completed, its video is stored (or its download gave up). */
    record Settled(VideoJob job) implements WaitResult {}

    /** The wait's own timeout passed first; the job goes on. */
    record TimedOut(VideoJob job) implements WaitResult {}

    /** No such job for this caller. */
    record NotFound(String id) implements WaitResult {}
  }
}
