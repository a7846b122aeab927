package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.port.ClientKeyRepository;
import java.time.Clock;
import java.util.Optional;

/** Finds whose a presented client key is. */
public final class AuthenticateClient {
  /** Longer keys are refused unread: no key this product makes or accepts is near this long. */
  public static final int MAX_KEY_CHARS = 512;

  private final ClientKeyRepository keys;
  private final Clock clock;

  public AuthenticateClient(ClientKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Stores a key given in configuration, hashed, so that it works like an issued one. Safe to call
   * at every start. A key already stored for another tenant is left as it is and reported: moving
   * it silently would hand one tenant's jobs to another, and keeping it silently would leave the
   * configuration saying something the service does not do.
   */
  public BootstrapResult registerBootstrapKey(String tenant, String key) {
    String hash = ClientKeys.hash(key);
    keys.add(new ClientKey(tenant, hash, clock.instant()));
    ClientKey stored =
        keys.findByHash(hash)
            .orElseThrow(() -> new IllegalStateException("a key just stored cannot be read back"));
    return stored.tenant().equals(tenant)
        ? new BootstrapResult.Registered(tenant)
        : new BootstrapResult.HeldByAnotherTenant(tenant, stored.tenant());
  }

  /** The tenant the key belongs to, or empty for an unknown key. */
  public Optional<Access> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_KEY_CHARS) {
      return Optional.empty();
    }
    String hash = ClientKeys.hash(presentedKey);
    // The lookup is by hash, so timing reveals nothing about the key; the final comparison is
    // constant-time all the same.
    return keys.findByHash(hash)
        .filter(stored -> ClientKeys.matches(stored, hash))
        .map(stored -> Access.tenant(stored.tenant()));
  }

  /** What registering a configured key found. Neither case carries the key. */
  public sealed interface BootstrapResult {

    /** The key now belongs to {@code tenant} (stored now, or already stored for it). */
    record Registered(String tenant) implements BootstrapResult {}

    /**
     * The key was already stored for {@code storedTenant}; it still belongs to that tenant, not to
     * the {@code configuredTenant} the configuration names.
     */
    record HeldByAnotherTenant(String configuredTenant, String storedTenant)
        implements BootstrapResult {}
  }
}
