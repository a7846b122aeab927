package dev.videoagent.embedded;

import java.util.Objects;

/**
 * A finished video as kept in the agent's store (under {@code home/videos}), checked against its
 * SHA-256 when it was downloaded.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sha256 the lower-case hex SHA-256 of the stored bytes
 * @param bytes the size of the video in bytes
 * @param contentType the media type, {@code "video/mp4"}
 */
public record StoredVideo(String sha256, long bytes, String contentType) {

  /**
   * Checks that no part is missing.
   *
   * @param sha256 the lower-case hex SHA-256 of the stored bytes
   * @param bytes the size of the video in bytes
   * @param contentType the media type, {@code "video/mp4"}
   * @throws NullPointerException when {@code sha256} or {@code contentType} is null
   */
  public StoredVideo {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(contentType, "contentType");
  }
}
