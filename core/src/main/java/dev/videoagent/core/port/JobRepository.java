package dev.videoagent.core.port;

import dev.videoagent.core.DurationHistogram;
import dev.videoagent.core.DurationSample;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of jobs, shared by every process that tracks them (CLI runs and service
 * instances). Work is claimed through {@link #update}: a compare-and-set on the job's version, so
 * two workers never both act on one job.
 *
 * <p>It also keeps the change record: every write that makes a change a user can see ({@link
 * JobEventType#between}) records its {@link JobEvent}s in the same transaction, with the payload
 * rendered by the repository's {@link EventPayloads}. Either both are stored or neither.
 *
 * <p>And it keeps the duration history: the write that completes a job adds its {@link
 * DurationSample} to the {@link DurationHistogram} of each of its keys, in the same transaction
 * (the earlier weights decayed by {@link DurationHistogram#KEEP}), so every process on the database
 * learns from every completion.
 */
public interface JobRepository {

  /**
   * Stores a new job (at version 0, returned as stored).
   *
   * @throws DuplicateJobException when the id, or the tenant's idempotency key, is taken
   */
  VideoJob insert(VideoJob job);

  Optional<VideoJob> findById(String id);

  /**
   * The stored job's tenant and version, without the job: a cheap check that a copy kept elsewhere
   * (a rendered answer, say) is still the stored job, because every write advances the version.
   */
  Optional<JobStamp> findStamp(String id);

  Optional<VideoJob> findByIdempotencyKey(String tenant, String idempotencyKey);

  /**
   * Writes {@code job} if the stored job is still at {@code job.version()}, with the events of the
   * change from the stored job, in one transaction.
   *
   * @return the job as stored (its version advanced by one), or empty when another writer changed
   *     it first; the caller then re-reads and decides again
   */
  Optional<VideoJob> update(VideoJob job);

  /**
   * Due work that needs no in-flight slot: every due job except the pending ones that wait for
   * their submission (and whose deadline has not passed). That is: status reads of queued and
   * processing jobs, downloads of completed ones, crash recovery of pending jobs with an attempt
   * mark, and the expiry of pending jobs past their deadline. However many pending jobs wait, they
   * never hide this work.
   *
   * <p>Earliest due first (then by id), where a job is due at its {@code nextCheckAt}, except a
   * pending job past its deadline, which became due at its deadline.
   *
   * @param limit at least 1
   */
  List<VideoJob> findDueWork(Instant now, int limit);

  /**
   * The submission queue: due pending jobs without an attempt mark whose deadline has not passed,
   * in creation order (ids are time-ordered), so that jobs go out in the order they were made and a
   * job put back by the gateway ({@code 429}) keeps its place.
   *
   * @param limit at least 1; callers ask for no more than the free slots
   */
  List<VideoJob> findSubmissionQueue(Instant now, int limit);

  /**
   * Writes {@code marked} (a pending job with its attempt mark, as {@link
   * VideoJob#submissionStarted} makes it) only if the stored job is still at {@code
   * marked.version()} and fewer than {@code maxInFlight} jobs are in flight: the check and the
   * write are one atomic step, across threads and across processes sharing the database, so the cap
   * holds exactly however many workers race for the last slot.
   *
   * @throws IllegalArgumentException when {@code marked} carries no attempt mark
   */
  SubmissionMark markSubmission(VideoJob marked, int maxInFlight);

  /**
   * A page of the change record, in {@code seq} order. An event is visible to readers no later than
   * any event with a greater {@code seq} ({@code seq} order is commit order, across processes too),
   * so a reader that asks again after the last {@code seq} it saw misses none.
   */
  List<JobEvent> events(EventQuery query);

  /** The greatest {@code seq} recorded so far, 0 when none: where a reader of new events starts. */
  long lastEventSeq();

  /**
   * Deletes up to {@code limit} events that occurred before {@code cutoff}, oldest first, and tells
   * how many: retention in small batches, so that no prune holds the database for long.
   *
   * @param limit at least 1
   */
  int pruneEvents(Instant cutoff, int limit);

  /** The figures of {@link WorkBacklog}, as of {@code now}. */
  WorkBacklog backlog(Instant now);

  /** Newest first, after the cursor if one is given. */
  JobPage list(JobQuery query);

  /** Jobs the gateway holds or may hold: queued, processing, or pending with an attempt mark. */
  long countInFlight();

  /** The duration history kept under {@code key} (see {@link DurationSample#keysOf}). */
  DurationHistogram durationHistory(String key);

  /** Jobs queued or processing whose status was found stalled ({@link VideoJob#stalledSince}). */
  long countStalled();

  /** How many jobs are in each status (zero counts included). */
  Map<JobStatus, Long> countByStatus();
}
