package dev.videoagent.embedded;

/**
 * What a {@link VideoEvent} says happened: the same events, with the same names, as the REST
 * service's event streams and webhooks.
 *
 * <p>Immutable and thread-safe, like every enum.
 */
public enum VideoEventType {
  /** The gateway accepted the job ({@code video.queued}). */
  QUEUED("video.queued"),
  /** The gateway started rendering it ({@code video.processing}). */
  PROCESSING("video.processing"),
  /** The gateway finished it; the download follows ({@code video.completed}). */
  COMPLETED("video.completed"),
  /** The video is downloaded, verified and stored ({@code video.stored}). */
  STORED("video.stored"),
  /** The job failed ({@code video.failed}). */
  FAILED("video.failed"),
  /** The job was canceled ({@code video.canceled}). */
  CANCELED("video.canceled"),
  /**
   * The job's gateway status has not moved for far longer than jobs like it take ({@code
   * video.stalled}); it is still tracked.
   */
  STALLED("video.stalled");

  private final String wireName;

  VideoEventType(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name the REST service and webhooks use.
   *
   * @return the wire name, e.g. {@code video.stored}
   */
  public String wireName() {
    return wireName;
  }
}
