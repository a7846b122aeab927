package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.port.ClientKeyRepository;
import java.time.Clock;
import java.util.Optional;

/** Finds whose a presented client key is. */
public final class AuthenticateClient {
  private final ClientKeyRepository keys;
  private final Clock clock;

  public AuthenticateClient(ClientKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Stores a key given in configuration, hashed, so that it works like an issued one. Safe to call
   * at every start.
   */
  public void registerBootstrapKey(String tenant, String key) {
    keys.add(new ClientKey(tenant, ClientKeys.hash(key), clock.instant()));
  }

  /** The tenant the key belongs to, or empty for an unknown key. */
  public Optional<Access> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
      return Optional.empty();
    }
    String hash = ClientKeys.hash(presentedKey);
    // The lookup is by hash, so timing reveals nothing about the key; the final comparison is
    // constant-time all the same.
    return keys.findByHash(hash)
        .filter(stored -> ClientKeys.matches(stored, hash))
        .map(stored -> Access.tenant(stored.tenant()));
  }
}
