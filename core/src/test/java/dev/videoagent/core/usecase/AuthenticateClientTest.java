package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuthenticateClientTest {
  private final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
  private final CountingKeys keys = new CountingKeys();
  private final AuthenticateClient auth = new AuthenticateClient(keys, clock);

  @Test
  void aKeyFoundIsNotLookedUpAgainUntilItsTimeIsUp() {
    ClientKey key = store("acme", "acme-key-0123456789abcdef");

    for (int i = 0; i < 100; i++) {
      assertThat(auth.authenticate(key)).contains(Access.tenant("acme"));
      clock.advance(Duration.ofMillis(99));
    }
    assertThat(keys.lookups.get()).isEqualTo(1);

    clock.advance(Duration.ofMillis(100));
    assertThat(auth.authenticate(key)).contains(Access.tenant("acme"));
    assertThat(keys.lookups.get()).isEqualTo(2);
  }

  @Test
  void aDeletedKeyIsRefusedOnceItsTimeIsUp() {
    ClientKey key = store("acme", "acme-key-0123456789abcdef");
    assertThat(auth.authenticate(key)).isPresent();

    keys.byHash.remove(key.hash());
    clock.advance(AuthenticateClient.VERIFIED_TTL.minusMillis(1));
    assertThat(auth.authenticate(key)).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(auth.authenticate(key)).isEmpty();
    assertThat(auth.authenticate(key)).isEmpty();
  }

  @Test
  void forgettingTheVerifiedKeysReadsTheDatabaseAtTheNextRequest() {
    ClientKey key = store("acme", "acme-key-0123456789abcdef");
    assertThat(auth.authenticate(key)).isPresent();

    keys.byHash.remove(key.hash());
    auth.forgetVerifiedKeys();

    assertThat(auth.authenticate(key)).isEmpty();
  }

  @Test
  void anUnknownKeyIsNotRememberedSoAKeyStoredAMomentLaterWorksAtOnce() {
    ClientKey key = new ClientKey("late-key-0123456789abcdef");
    assertThat(auth.authenticate(key)).isEmpty();

    store("acme", key.value());

    assertThat(auth.authenticate(key)).contains(Access.tenant("acme"));
    assertThat(auth.authenticate(key)).contains(Access.tenant("acme"));
    assertThat(keys.lookups.get()).isEqualTo(2);
  }

  @Test
  void theRememberedKeysStayBoundedPastTheirCapAndEveryKeyStillAnswersForItsOwnTenant() {
    int count = AuthenticateClient.VERIFIED_MAX * 3 + 7;
    for (int i = 0; i < count; i++) {
      ClientKey key = store("tenant" + (i % 5), "many-keys-0123456789-" + i);
      assertThat(auth.authenticate(key)).contains(Access.tenant("tenant" + (i % 5)));
      assertThat(auth.verifiedKeys()).isLessThanOrEqualTo(AuthenticateClient.VERIFIED_MAX);
    }
    ClientKey last = new ClientKey("many-keys-0123456789-" + (count - 1));
    int before = keys.lookups.get();
    assertThat(auth.authenticate(last)).contains(Access.tenant("tenant" + ((count - 1) % 5)));
    assertThat(keys.lookups.get()).isEqualTo(before);
  }

  private ClientKey store(String tenant, String value) {
    ClientKey key = new ClientKey(value);
    keys.add(new StoredClientKey(tenant, key.hash(), clock.instant()));
    return key;
  }

  /** Keys in memory that count how often they are looked up, and can be deleted. */
  private static final class CountingKeys implements ClientKeyRepository {
    final Map<String, StoredClientKey> byHash = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public void add(StoredClientKey key) {
      byHash.putIfAbsent(key.keyHash(), key);
    }

    @Override
    public Optional<StoredClientKey> findByHash(String keyHash) {
      lookups.incrementAndGet();
      return Optional.ofNullable(byHash.get(keyHash));
    }
  }
}
