package dev.videoagent.embedded;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A registered webhook endpoint. Immutable and thread-safe.
 *
 * @param id the endpoint's id, {@code wh_…}
 * @param url where the events go
 * @param events the types it receives; empty for every type
 * @param enabled false once the receiver answered {@code 410 Gone}: nothing more is sent to it
 * @param createdAt when it was registered
 */
public record WebhookEndpoint(
    String id, URI url, Set<VideoEventType> events, boolean enabled, Instant createdAt) {

  /**
   * Checks and copies the values.
   *
   * @param id the endpoint's id, {@code wh_…}
   * @param url where the events go
   * @param events the types it receives; empty for every type
   * @param enabled false once the receiver answered {@code 410 Gone}: nothing more is sent to it
   * @param createdAt when it was registered
   * @throws NullPointerException when a value is null
   */
  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    events = Set.copyOf(events);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
