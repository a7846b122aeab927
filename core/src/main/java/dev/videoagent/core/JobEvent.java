package dev.videoagent.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the change record: something a user can see happened to a job, written in the same
 * transaction as the change itself. Immutable once recorded.
 *
 * @param seq the record's order: increasing, unique, with gaps; a reader resumes after the last
 *     {@code seq} it saw (the SSE {@code id:})
 * @param eventId a stable, unique name of this event ({@code evt_…}; the webhook {@code
 *     webhook-id})
 * @param jobId the job it is about
 * @param tenant the job's tenant
 * @param type what happened
 * @param occurredAt when the change was made (the job's {@code updated_at} at that change)
 * @param payload the document users receive, rendered once by {@link
 *     dev.videoagent.core.port.EventPayloads} at the change: the same bytes on every delivery
 */
public record JobEvent(
    long seq,
    String eventId,
    String jobId,
    String tenant,
    JobEventType type,
    Instant occurredAt,
    String payload) {

  public JobEvent {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1, not " + seq);
    }
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(payload, "payload");
  }

  /**
   * An event of {@code stored} (the job as it was just written) that has no {@code seq} yet. Its id
   * is derived from the job, the version written and the type, which are unique together: so an
   * event keeps one id however often it is read or sent.
   */
  public static Unrecorded of(VideoJob stored, JobEventType type, String payload) {
    return new Unrecorded(
        "evt_" + stored.id() + "_" + stored.version() + "_" + type.name().toLowerCase(Locale.ROOT),
        stored.id(),
        stored.tenant(),
        type,
        stored.updatedAt(),
        payload);
  }

  /** An event about to be written with its change; the database gives it its {@code seq}. */
  public record Unrecorded(
      String eventId,
      String jobId,
      String tenant,
      JobEventType type,
      Instant occurredAt,
      String payload) {

    public Unrecorded {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(occurredAt, "occurredAt");
      Objects.requireNonNull(payload, "payload");
    }

    public JobEvent recordedAs(long seq) {
      return new JobEvent(seq, eventId, jobId, tenant, type, occurredAt, payload);
    }
  }
}
