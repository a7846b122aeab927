package dev.videoagent.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What a job is, fixed when it is created: none of it changes for the job's whole life, retries
 * included.
 *
 * @param id our id, time-ordered so that "newest first" is "largest id first"
 * @param tenant who owns the job
 * @param request what the user asked for
 * @param callbackToken the per-job secret the gateway's webhook must present
 * @param idempotencyKey the caller's key for safe replays of the create call, or {@code null}
 * @param createdAt when the job was stored
 */
public record JobIdentity(
    String id,
    String tenant,
    VideoRequest request,
    String callbackToken,
    String idempotencyKey,
    Instant createdAt) {

  public JobIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(callbackToken, "callbackToken");
    Objects.requireNonNull(createdAt, "createdAt");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (callbackToken.isBlank()) {
      throw new IllegalArgumentException("callbackToken must not be blank");
    }
  }
}
