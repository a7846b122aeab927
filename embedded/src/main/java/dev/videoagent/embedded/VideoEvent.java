package dev.videoagent.embedded;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the database's change record, as {@link VideoListener#onEvent} hears it: something
 * happened to a job, and the job as it was right after. Immutable and thread-safe.
 *
 * @param id the event's stable id ({@code evt_…}), the same a webhook carries as {@code webhook-id}
 * @param seq its place in the change record: increasing (with gaps) in the order of the changes
 * @param type what happened
 * @param occurredAt when the change was made
 * @param video the job as that change left it
 */
public record VideoEvent(
    String id, long seq, VideoEventType type, Instant occurredAt, Video video) {

  /**
   * Checks that every part is present.
   *
   * @param id the event's stable id
   * @param seq its place in the change record
   * @param type what happened
   * @param occurredAt when the change was made
   * @param video the job as that change left it
   */
  public VideoEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(video, "video");
  }
}
