package dev.videoagent.assembly.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventPayloads;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The event document of the contract, {@code {"type", "timestamp", "data": <job JSON>}}, with the
 * job exactly as {@code GET /v1/videos/{id}} shows it ({@link JobView}). Rendered once when the
 * event is recorded: webhook bodies and SSE {@code data:} lines are these bytes.
 */
public final class JsonEventPayloads implements EventPayloads {
  /**
   * Null until the first event is rendered or read when no mapper was given: building one is a
   * fifth of a short command's start-up, and a command that only reads a job records no event.
   */
  private volatile ObjectMapper mapper;

  public JsonEventPayloads(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  public JsonEventPayloads() {}

  private ObjectMapper mapper() {
    ObjectMapper made = mapper;
    if (made == null) {
      synchronized (this) {
        made = mapper;
        if (made == null) {
          made = Json.mapper();
          mapper = made;
        }
      }
    }
    return made;
  }

  @Override
  public String render(JobEventType type, Instant occurredAt, VideoJob job) {
    try {
      return mapper()
          .writeValueAsString(
              new Document(
                  type.wireName(), occurredAt.truncatedTo(ChronoUnit.MILLIS), JobView.of(job)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not render the event of job " + job.id(), e);
    }
  }

  /**
   * The job a payload of this renderer carries, as it was at the event; empty for a payload of
   * another shape (a database written by a tool without this renderer).
   */
  public Optional<JobView> jobOf(String payload) {
    try {
      JsonNode data = mapper().readTree(payload).get("data");
      return data == null || !data.isObject()
          ? Optional.empty()
          : Optional.of(mapper().treeToValue(data, JobView.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The document's fields in the contract's order. */
  @JsonPropertyOrder({"type", "timestamp", "data"})
  record Document(String type, Instant timestamp, JobView data) {}
}
