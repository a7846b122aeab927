package dev.videoagent.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a change event says happened to a job: a status reached, or its video stored. A pending job
 * has no event: it is what a job is before anything happened to it (also after a user's retry,
 * whose next event is {@code video.queued} again).
 */
public enum JobEventType {
  QUEUED("video.queued"),
  PROCESSING("video.processing"),
  COMPLETED("video.completed"),
  /** The video is in our store: the event most apps wait for. Follows {@link #COMPLETED}. */
  STORED("video.stored"),
  FAILED("video.failed"),
  CANCELED("video.canceled"),
  /**
   * The job's gateway status has not moved for far longer than jobs like it take (see {@link
   * VideoJob#stalledSince}). The job is still tracked; it may yet finish, fail or time out.
   */
  STALLED("video.stalled");

  private final String wireName;

  JobEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name users see: {@code video.completed}, … (SSE {@code event:}, webhook {@code type}). */
  public String wireName() {
    return wireName;
  }

  /** Parses a wire name; empty for anything that is not exactly one of the types. */
  public static Optional<JobEventType> fromWire(String value) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
  }

  /** The event of reaching {@code status}; empty for {@code pending}. */
  public static Optional<JobEventType> reaching(JobStatus status) {
    return switch (status) {
      case PENDING -> Optional.empty();
      case QUEUED -> Optional.of(QUEUED);
      case PROCESSING -> Optional.of(PROCESSING);
      case COMPLETED -> Optional.of(COMPLETED);
      case FAILED -> Optional.of(FAILED);
      case CANCELED -> Optional.of(CANCELED);
    };
  }

  /**
   * The events of the change from {@code before} to {@code after}, in the order they happened: the
   * status reached (if it changed), then {@code video.stored} if the video became present, or
   * {@code video.stalled} if a stall was just found. Nothing for bookkeeping (claims, counters, the
   * next check, the estimate, a refreshed media URL).
   */
  public static List<JobEventType> between(VideoJob before, VideoJob after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    List<JobEventType> events = new ArrayList<>(2);
    if (before.status() != after.status()) {
      reaching(after.status()).ifPresent(events::add);
    }
    if (before.content() == null && after.content() != null) {
      events.add(STORED);
    }
    if (before.stalledSince() == null && after.stalledSince() != null) {
      events.add(STALLED);
    }
    return List.copyOf(events);
  }

  /**
   * The event that tells a newcomer where {@code job} stands now: {@code video.stored} for a stored
   * video, else the event of its status; empty for a pending job.
   */
  public static Optional<JobEventType> current(VideoJob job) {
    return job.content() != null ? Optional.of(STORED) : reaching(job.status());
  }
}
