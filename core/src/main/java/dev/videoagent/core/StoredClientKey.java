package dev.videoagent.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A REST client's key as stored: only its SHA-256, never the key itself.
 *
 * @param tenant whose key it is (a {@link TenantName})
 * @param keyHash lower-case hex SHA-256 of the key ({@link ClientKey#hash()})
 */
public record StoredClientKey(String tenant, String keyHash, Instant createdAt) {
  public StoredClientKey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!Sha256Hex.isWellFormed(keyHash)) {
      throw new IllegalArgumentException("keyHash must be 64 lower-case hex digits");
    }
    TenantName.of(tenant);
  }
}
