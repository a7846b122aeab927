package dev.videoagent.embedded;

import java.util.Locale;

/**
 * Where a video job stands:
 *
 * <pre>
 * pending → queued → processing → completed | failed | canceled
 * </pre>
 *
 * <p>{@link #PENDING} jobs are stored but not yet accepted by the gateway. Terminal statuses
 * ({@link #COMPLETED}, {@link #FAILED}, {@link #CANCELED}) never change by themselves; the only way
 * out of {@code FAILED} is an explicit {@link VideoAgent#retry(String)}.
 *
 * <p>Immutable and thread-safe, like every enum.
 */
public enum VideoStatus {
  /** Stored, not yet accepted by the gateway. */
  PENDING,
  /** Accepted by the gateway, waiting for the video agent. */
  QUEUED,
  /** The video agent is making the video. */
  PROCESSING,
  /** Made; its video is stored locally once {@link Video#content()} is set. */
  COMPLETED,
  /** Ended without a video; {@link Video#error()} says why. */
  FAILED,
  /** Stopped by {@link VideoAgent#cancel(String)}. */
  CANCELED;

  /**
   * Tells whether the status is final.
   *
   * @return true for {@code COMPLETED}, {@code FAILED} and {@code CANCELED}
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELED;
  }

  /**
   * The lower-case name used by the REST API, the command line and the database.
   *
   * @return for example {@code "processing"}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
