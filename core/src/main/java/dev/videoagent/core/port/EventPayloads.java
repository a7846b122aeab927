package dev.videoagent.core.port;

import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import java.time.Instant;

/**
 * Renders the document users receive for an event (the webhook body, the SSE {@code data:} line):
 * {@code {"type", "timestamp", "data": <the job>}}. The core does not know the wire format; the
 * repository calls this once, inside the transaction that records the event, and stores the text.
 */
@FunctionalInterface
public interface EventPayloads {

  /**
   * @param job the job as stored by the change
   * @throws RuntimeException when it cannot render; the change is then not written either
   */
  String render(JobEventType type, Instant occurredAt, VideoJob job);
}
