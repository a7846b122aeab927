package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.TenantName;
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
   * at every start. A key already stored for another tenant is left as it is and reported: moving
   * it silently would hand one tenant's jobs to another, and keeping it silently would leave the
   * configuration saying something the service does not do.
   */
  public BootstrapResult registerBootstrapKey(TenantName tenant, ClientKey key) {
    String hash = key.hash();
    keys.add(new StoredClientKey(tenant.value(), hash, clock.instant()));
    StoredClientKey stored =
        keys.findByHash(hash)
            .orElseThrow(() -> new IllegalStateException("a key just stored cannot be read back"));
    return stored.tenant().equals(tenant.value())
        ? new BootstrapResult.Registered(tenant.value())
        : new BootstrapResult.HeldByAnotherTenant(tenant.value(), stored.tenant());
  }

  /** As {@link #registerBootstrapKey(TenantName, ClientKey)}, checking both values first. */
  public BootstrapResult registerBootstrapKey(String tenant, String key) {
    return registerBootstrapKey(TenantName.of(tenant), new ClientKey(key));
  }

  /** The tenant the key belongs to, or empty for an unknown key. */
  public Optional<Access> authenticate(ClientKey presented) {
    String hash = presented.hash();
    // The lookup is by hash, so timing reveals nothing about the key; the final comparison is
    // constant-time all the same.
    return keys.findByHash(hash)
        .filter(stored -> ClientKeys.matches(stored, hash))
        .map(stored -> Access.tenant(stored.tenant()));
  }

  /** As {@link #authenticate(ClientKey)}; text that cannot be a key is unknown. */
  public Optional<Access> authenticate(String presentedKey) {
    return ClientKey.parse(presentedKey).flatMap(this::authenticate);
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
