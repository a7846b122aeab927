package dev.videoagent.adapters.persistence;

import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventPayloads;
import java.time.Instant;

/**
 * The payload of a database opened without a renderer (tools and tests that never show events to
 * users): the document's shape with only the job's id and status as data. The product always opens
 * its database with the full job JSON renderer. Ids, statuses, types and ISO instants need no JSON
 * escaping.
 */
final class BareEventPayloads implements EventPayloads {

  @Override
  public String render(JobEventType type, Instant occurredAt, VideoJob job) {
    return "{\"type\":\""
        + type.wireName()
        + "\",\"timestamp\":\""
        + occurredAt
        + "\",\"data\":{\"id\":\""
        + job.id()
        + "\",\"status\":\""
        + job.status().wireName()
        + "\"}}";
  }
}
