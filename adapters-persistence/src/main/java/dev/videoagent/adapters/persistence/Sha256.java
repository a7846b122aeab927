package dev.videoagent.adapters.persistence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest both video stores check a video against before it becomes visible. */
final class Sha256 {
  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
