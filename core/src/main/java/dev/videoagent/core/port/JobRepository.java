package dev.videoagent.core.port;

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
 */
public interface JobRepository {

  /**
   * Stores a new job (at version 0, returned as stored).
   *
   * @throws DuplicateJobException when the id, or the tenant's idempotency key, is taken
   */
  VideoJob insert(VideoJob job);

  Optional<VideoJob> findById(String id);

  Optional<VideoJob> findByIdempotencyKey(String tenant, String idempotencyKey);

  /**
   * Writes {@code job} if the stored job is still at {@code job.version()}.
   *
   * @return the job as stored (its version advanced by one), or empty when another writer changed
   *     it first; the caller then re-reads and decides again
   */
  Optional<VideoJob> update(VideoJob job);

  /**
   * Jobs whose {@code nextCheckAt} has passed, earliest first (then oldest first), so that waiting
   * jobs keep their place in line.
   */
  List<VideoJob> findDue(Instant now, int limit);

  /** Newest first, after the cursor if one is given. */
  JobPage list(JobQuery query);

  /** Jobs the gateway holds or may hold: queued, processing, or pending with an attempt mark. */
  long countInFlight();

  /** How many jobs are in each status (zero counts included). */
  Map<JobStatus, Long> countByStatus();
}
