package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.StoredClientKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** How a presented key is compared with a stored one. */
final class ClientKeys {
  private ClientKeys() {}

  static String hash(String key) {
    return new ClientKey(key).hash();
  }

  static boolean matches(StoredClientKey stored, String presentedHash) {
    return MessageDigest.isEqual(
        stored.keyHash().getBytes(StandardCharsets.US_ASCII),
        presentedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
