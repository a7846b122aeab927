package dev.videoagent.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A REST client's key as stored: only its SHA-256, never the key itself.
 *
 * @param keyHash lower-case hex SHA-256 of the key
 */
public record ClientKey(String tenant, String keyHash, Instant createdAt) {
  public ClientKey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!keyHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("keyHash must be 64 lower-case hex digits");
    }
    if (!tenant.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new ValidationException(
          "tenant",
          "tenant must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a"
              + " letter or digit.");
    }
  }
}
