package dev.videoagent.embedded;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a job failed, or why its finished video could not be stored: a stable code and a sentence a
 * person can read.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code what kind of failure it was
 * @param message what happened and what to do about it, in one or two sentences
 */
public record VideoError(Code code, String message) {

  /**
   * Checks that no part is missing.
   *
   * @param code what kind of failure it was
   * @param message what happened and what to do about it, in one or two sentences
   * @throws NullPointerException when {@code code} or {@code message} is null
   */
  public VideoError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** The kinds of failure. Their {@link #wireName() wire names} are the product's contract. */
  public enum Code {
    /** The gateway refused the submission (HTTP 4xx). Nothing was billed. */
    GATEWAY_REJECTED,
    /** The gateway reported the job as failed. */
    GATEWAY_FAILED,
    /** The job did not reach a final status before its deadline. */
    TIMED_OUT,
    /**
     * The submit call ended without a clear answer: the gateway may have taken, and billed, the
     * job. It is never resubmitted by itself; {@link VideoAgent#retry(String)} sends it again.
     */
    SUBMISSION_UNKNOWN,
    /**
     * The video was made but could not be downloaded into the store; the job stays {@code
     * completed}. {@link VideoAgent#openVideo(String)} tries again.
     */
    DOWNLOAD_FAILED;

    /**
     * The lower-case name used in JSON and by the command line.
     *
     * @return for example {@code "submission_unknown"}
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
