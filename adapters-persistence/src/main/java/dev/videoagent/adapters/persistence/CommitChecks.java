package dev.videoagent.adapters.persistence;

import dev.videoagent.core.StoredContent;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What both video stores check before a video becomes visible: its type, size and SHA-256. */
final class CommitChecks {
  private CommitChecks() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code content} is not {@value
   *     FileVideoStore#CONTENT_TYPE}
   */
  static void requireMp4(StoredContent content) {
    if (!FileVideoStore.CONTENT_TYPE.equalsIgnoreCase(content.contentType())) {
      throw new IllegalArgumentException(
          "the video store keeps "
              + FileVideoStore.CONTENT_TYPE
              + " only, not "
              + content.contentType());
    }
  }

  /**
   * @param digest the digest of every byte written; consumed
   * @throws IOException when {@code written} bytes with that digest are not what {@code content}
   *     says
   */
  static void requireMatch(long written, MessageDigest digest, StoredContent content)
      throws IOException {
    if (written != content.bytes()) {
      throw new IOException(
          "wrote "
              + written
              + " bytes but the video is said to have "
              + content.bytes()
              + "; not stored");
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    if (!sha256.equals(content.sha256())) {
      throw new IOException(
          "the SHA-256 of what was written is "
              + sha256
              + ", not "
              + content.sha256()
              + "; not stored");
    }
  }
}
