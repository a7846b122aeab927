package dev.videoagent.core;

import java.util.Objects;

/** The video as kept in our store, with what is needed to verify and serve it. */
public record StoredContent(String sha256, long bytes, String contentType) {
  public StoredContent {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(contentType, "contentType");
    if (!Sha256Hex.isWellFormed(sha256)) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative");
    }
  }
}
