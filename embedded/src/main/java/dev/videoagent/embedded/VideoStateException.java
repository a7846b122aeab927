package dev.videoagent.embedded;

import java.util.Objects;

/**
 * The job is not in a status that allows the call: canceling a job that already finished, retrying
 * one that did not fail, or opening the video of a job that has none (yet).
 *
 * <p>Thread-safe once thrown (immutable).
 */
public final class VideoStateException extends VideoAgentException {
  private static final long serialVersionUID = 1L;

  private final transient Video video;

  /**
   * An exception carrying the job as it was found.
   *
   * @param message a sentence naming the job, its status and what was refused
   * @param video the job as it was found
   */
  public VideoStateException(String message, Video video) {
    super(message);
    this.video = Objects.requireNonNull(video, "video");
  }

  /**
   * The job as it was found when the call was refused.
   *
   * @return the job (null only after Java serialization, which does not keep it)
   */
  public Video video() {
    return video;
  }
}
