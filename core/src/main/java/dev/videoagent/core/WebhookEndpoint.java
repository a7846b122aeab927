package dev.videoagent.core;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A URL a tenant registered to receive its events.
 *
 * @param id {@code wh_…}
 * @param events the types it receives; empty for every type, also types added later
 * @param enabled false once the receiver answered {@code 410 Gone}: nothing more is sent to it
 */
public record WebhookEndpoint(
    String id,
    String tenant,
    URI url,
    Set<JobEventType> events,
    boolean enabled,
    Instant createdAt) {

  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(createdAt, "createdAt");
    events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
  }

  /** Whether events of {@code type} go to this endpoint. */
  public boolean receives(JobEventType type) {
    return enabled && (events.isEmpty() || events.contains(type));
  }

  /** The types it receives, in the enum's order; every type when it filters none. */
  public List<JobEventType> eventList() {
    return events.isEmpty() ? List.of(JobEventType.values()) : List.copyOf(EnumSet.copyOf(events));
  }
}
