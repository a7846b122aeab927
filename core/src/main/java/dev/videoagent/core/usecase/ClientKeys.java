package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How client keys are hashed. Keys are long random secrets made by us, so one SHA-256 is enough: a
 * slow password hash protects guessable secrets, and these are not guessable.
 */
final class ClientKeys {
  private ClientKeys() {}

  static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static boolean matches(ClientKey stored, String presentedHash) {
    return MessageDigest.isEqual(
        stored.keyHash().getBytes(StandardCharsets.US_ASCII),
        presentedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
