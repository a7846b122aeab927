package dev.videoagent.embedded;

import java.util.Objects;

/**
 * A wait ended before the job settled ({@link AwaitResult.TimedOut#videoOrThrow()}). The job is not
 * affected: it goes on and can be awaited again.
 *
 * <p>Thread-safe once thrown (immutable).
 */
public final class VideoTimeoutException extends VideoAgentException {
  private static final long serialVersionUID = 1L;

  private final transient Video video;

  /**
   * An exception carrying the job as last seen.
   *
   * @param video the job as last seen
   */
  public VideoTimeoutException(Video video) {
    super(
        "The video job "
            + Objects.requireNonNull(video, "video").id()
            + " did not finish in time; it is still "
            + video.status().wireName()
            + " and goes on.");
    this.video = video;
  }

  /**
   * The job as last seen before the wait ended.
   *
   * @return the job (null only after Java serialization, which does not keep it)
   */
  public Video video() {
    return video;
  }
}
