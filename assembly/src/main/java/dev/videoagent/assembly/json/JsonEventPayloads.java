package dev.videoagent.assembly.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventPayloads;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The event document of the contract, {@code {"type", "timestamp", "data": <job JSON>}}, with the
 * job exactly as {@code GET /v1/videos/{id}} shows it ({@link JobView}). Rendered once when the
 * event is recorded: webhook bodies and SSE {@code data:} lines are these bytes.
 */
public final class JsonEventPayloads implements EventPayloads {
  private final ObjectMapper mapper;

  public JsonEventPayloads(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public JsonEventPayloads() {
    this(Json.mapper());
  }

  @Override
  public String render(JobEventType type, Instant occurredAt, VideoJob job) {
    try {
      return mapper.writeValueAsString(
          new Document(
              type.wireName(), occurredAt.truncatedTo(ChronoUnit.MILLIS), JobView.of(job)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not render the event of job " + job.id(), e);
    }
  }

  /** The document's fields in the contract's order. */
  @JsonPropertyOrder({"type", "timestamp", "data"})
  record Document(String type, Instant timestamp, JobView data) {}
}
