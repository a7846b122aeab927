package dev.videoagent.embedded;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a job to one URL, and how its delivery stands. Immutable and thread-safe.
 *
 * @param id the delivery's id, {@code dlv_…}
 * @param eventId the event's id, sent as {@code webhook-id} on every attempt
 * @param type the event's type
 * @param url where it goes
 * @param endpointId the endpoint's id, or null for the job's callback URL
 * @param state how it stands
 * @param attempts attempts started so far
 * @param lastStatus the HTTP status of the last answer, or null
 * @param lastError why the last attempt failed, or null
 * @param deliveredAt when a 2xx was last received, or null
 * @param nextAttemptAt when it is due again, or null once settled
 */
public record WebhookDelivery(
    String id,
    String eventId,
    VideoEventType type,
    URI url,
    String endpointId,
    State state,
    int attempts,
    Integer lastStatus,
    String lastError,
    Instant deliveredAt,
    Instant nextAttemptAt) {

  /**
   * Checks the values that are always there.
   *
   * @param id the delivery's id, {@code dlv_…}
   * @param eventId the event's id, sent as {@code webhook-id} on every attempt
   * @param type the event's type
   * @param url where it goes
   * @param endpointId the endpoint's id, or null for the job's callback URL
   * @param state how it stands
   * @param attempts attempts started so far
   * @param lastStatus the HTTP status of the last answer, or null
   * @param lastError why the last attempt failed, or null
   * @param deliveredAt when a 2xx was last received, or null
   * @param nextAttemptAt when it is due again, or null once settled
   * @throws NullPointerException when one of them is null
   */
  public WebhookDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
  }

  /** How a delivery stands. */
  public enum State {
    /** Not yet answered with a 2xx: due at its next attempt. */
    PENDING,
    /** A 2xx was received; not sent again unless redelivered. */
    DELIVERED,
    /** Retried for about three days without a 2xx: no more attempts. */
    GAVE_UP,
    /** The receiver answered 410 Gone, or its endpoint was removed. */
    STOPPED
  }
}
