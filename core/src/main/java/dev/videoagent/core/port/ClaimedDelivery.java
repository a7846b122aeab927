package dev.videoagent.core.port;

import dev.videoagent.core.JobEventType;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A delivery a dispatcher holds until {@code claimedUntil}: nobody else sends it meanwhile. Its
 * outcome is recorded only with {@code claim}, so a dispatcher that outlived its lease cannot
 * overwrite what a later one recorded.
 *
 * @param attempt the attempt this claim makes (1 for the first)
 * @param payload the event's document: the body, byte for byte
 */
public record ClaimedDelivery(
    String id,
    String claim,
    String eventId,
    String jobId,
    String tenant,
    JobEventType type,
    String endpointId,
    URI url,
    int attempt,
    Instant giveUpAt,
    Instant claimedUntil,
    String payload) {

  public ClaimedDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(giveUpAt, "giveUpAt");
    Objects.requireNonNull(claimedUntil, "claimedUntil");
    Objects.requireNonNull(payload, "payload");
  }

  public boolean toCallbackUrl() {
    return endpointId == null;
  }
}
