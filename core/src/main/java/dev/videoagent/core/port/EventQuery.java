package dev.videoagent.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A page of the change record, oldest first: the events after {@code afterSeq}, of one job, one
 * tenant or everything. {@code afterSeq} 0 reads from the start of what is kept.
 *
 * @param tenant only this tenant's events, or null
 * @param jobId only this job's events, or null
 * @param afterSeq events with a greater {@code seq}
 * @param limit at most this many, 1 to {@link #MAX_LIMIT}
 */
public record EventQuery(String tenant, String jobId, long afterSeq, int limit) {
  public static final int MAX_LIMIT = 1000;

  public EventQuery {
    if (afterSeq < 0) {
      throw new IllegalArgumentException("afterSeq must not be negative, not " + afterSeq);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
    }
    if (tenant != null && jobId != null) {
      throw new IllegalArgumentException("an event query is for one job or one tenant, not both");
    }
  }

  public static EventQuery all(long afterSeq, int limit) {
    return new EventQuery(null, null, afterSeq, limit);
  }

  public static EventQuery tenant(String tenant, long afterSeq, int limit) {
    return new EventQuery(Objects.requireNonNull(tenant, "tenant"), null, afterSeq, limit);
  }

  public static EventQuery job(String jobId, long afterSeq, int limit) {
    return new EventQuery(null, Objects.requireNonNull(jobId, "jobId"), afterSeq, limit);
  }

  public Optional<String> tenantIfSet() {
    return Optional.ofNullable(tenant);
  }

  public Optional<String> jobIdIfSet() {
    return Optional.ofNullable(jobId);
  }
}
