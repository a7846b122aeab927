package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.port.ClientKeyRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds whose a presented client key is. Keys found lately are remembered for {@link #VERIFIED_TTL}
 * by their hash (never the key itself), so that a client's requests do not each read the database:
 * a key deleted from the database is refused at most that long after.
 */
public final class AuthenticateClient {
  /** How long a key found in the database is taken as valid without reading it again. */
  public static final Duration VERIFIED_TTL = Duration.ofSeconds(10);

  /** Keys remembered at most; past it the expired ones go, or all of them. */
  static final int VERIFIED_MAX = 1_000;

  private final ClientKeyRepository keys;
  private final Clock clock;
  private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

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
    long now = clock.millis();
    Verified remembered = verified.get(hash);
    if (remembered != null && now < remembered.untilMillis()) {
      return Optional.of(Access.tenant(remembered.tenant()));
    }
    // The lookup is by hash, so timing reveals nothing about the key; the final comparison is
    // constant-time all the same.
    Optional<StoredClientKey> stored =
        keys.findByHash(hash).filter(found -> ClientKeys.matches(found, hash));
    if (stored.isEmpty()) {
      // Unknown keys are not remembered: a key issued a moment ago must work at once.
      verified.remove(hash);
      return Optional.empty();
    }
    remember(hash, stored.get().tenant(), now);
    return Optional.of(Access.tenant(stored.get().tenant()));
  }

  /** Forgets every remembered key, so the next request of each reads the database again. */
  public void forgetVerifiedKeys() {
    verified.clear();
  }

  private void remember(String hash, String tenant, long now) {
    if (verified.size() >= VERIFIED_MAX) {
      verified.values().removeIf(entry -> entry.untilMillis() <= now);
      if (verified.size() >= VERIFIED_MAX) {
        verified.clear();
      }
    }
    verified.put(hash, new Verified(tenant, now + VERIFIED_TTL.toMillis()));
  }

  /** Keys remembered now; for tests. */
  int verifiedKeys() {
    return verified.size();
  }

  private record Verified(String tenant, long untilMillis) {}

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
