package dev.videoagent.core.port;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A delivery the fan-out makes: one event to one target. At most one exists per event and target
 * ({@code endpointId}, or the job's callback URL when null): making it again changes nothing.
 *
 * @param giveUpAt after this, a failed attempt is the last one
 */
public record NewDelivery(
    String id, String eventId, String endpointId, URI url, Instant createdAt, Instant giveUpAt) {

  public NewDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(giveUpAt, "giveUpAt");
  }
}
