package dev.videoagent.core.usecase;

import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Retention of the change record: events older than {@link #RETENTION} are deleted, a small batch
 * at a time, from the tracker's loop. Seven days is more than twice as long as webhook deliveries
 * are retried (about three days), and long enough for a client that was away over a weekend to
 * resume its event stream. Not thread-safe: one loop calls it.
 */
public final class PruneEvents {
  /** How long events are kept. */
  public static final Duration RETENTION = Duration.ofDays(7);

  /** How often the loop looks for old events when the last look found few. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  /** At most this many rows per delete, so no prune holds the database's write lock for long. */
  static final int BATCH = 500;

  private final JobRepository jobs;
  private final Clock clock;
  private Instant nextRun = Instant.MIN;

  public PruneEvents(JobRepository jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
  }

  /**
   * Deletes one batch of old events if it is time to; a full batch means more are waiting, so the
   * next call deletes the next batch at once.
   *
   * @return how many events were deleted
   */
  public int runIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextRun)) {
      return 0;
    }
    int deleted = jobs.pruneEvents(now.minus(RETENTION), BATCH);
    nextRun = deleted == BATCH ? now : now.plus(INTERVAL);
    return deleted;
  }
}
