package dev.videoagent.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One event to one URL: the outbox row the dispatcher works through, as users see it.
 *
 * @param id {@code dlv_…}
 * @param eventId the event's id, sent as {@code webhook-id} on every attempt
 * @param endpointId the registered endpoint, or null for the job's {@code callback_url}
 * @param attempts attempts started so far
 * @param lastStatus the HTTP status of the last answer, or null (none yet, or no answer)
 * @param lastError why the last attempt failed, or null
 * @param deliveredAt when a 2xx was received, or null
 * @param nextAttemptAt when it is due again, or null once settled
 */
public record Delivery(
    String id,
    String eventId,
    String jobId,
    String tenant,
    JobEventType type,
    URI url,
    String endpointId,
    DeliveryState state,
    int attempts,
    Integer lastStatus,
    String lastError,
    Instant deliveredAt,
    Instant nextAttemptAt,
    Instant createdAt) {

  public Delivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }

  /** Whether it goes to the job's own {@code callback_url} rather than a registered endpoint. */
  public boolean toCallbackUrl() {
    return endpointId == null;
  }
}
