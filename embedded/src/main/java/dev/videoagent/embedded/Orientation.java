package dev.videoagent.embedded;

import java.util.Locale;

/**
 * The frame of a video. Leaving it unset ({@code null} in {@link VideoSpec}) lets the video agent
 * decide.
 *
 * <p>Immutable and thread-safe, like every enum.
 */
public enum Orientation {
  /** Wider than tall (16:9). */
  LANDSCAPE,
  /** Taller than wide (9:16). */
  PORTRAIT;

  /**
   * The lower-case name used by the REST API and the command line.
   *
   * @return {@code "landscape"} or {@code "portrait"}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
