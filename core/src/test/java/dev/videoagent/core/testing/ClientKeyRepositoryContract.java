package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.port.ClientKeyRepository;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link ClientKeyRepository} must do. */
public abstract class ClientKeyRepositoryContract {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  protected abstract ClientKeyRepository clientKeys();

  @Test
  void findsAStoredKeyByItsHash() {
    ClientKeyRepository keys = clientKeys();
    StoredClientKey key = new StoredClientKey("acme", "b".repeat(64), T0);
    keys.add(key);
    assertThat(keys.findByHash("b".repeat(64))).contains(key);
    assertThat(keys.findByHash("c".repeat(64))).isEmpty();
  }

  @Test
  void addingTheSameHashAgainKeepsTheFirst() {
    ClientKeyRepository keys = clientKeys();
    keys.add(new StoredClientKey("acme", "d".repeat(64), T0));
    keys.add(new StoredClientKey("acme", "d".repeat(64), T0.plusSeconds(5)));
    assertThat(keys.findByHash("d".repeat(64))).map(StoredClientKey::createdAt).contains(T0);
  }

  @Test
  void addingTheSameHashForAnotherTenantKeepsTheFirstTenant() {
    ClientKeyRepository keys = clientKeys();
    keys.add(new StoredClientKey("acme", "e".repeat(64), T0));
    keys.add(new StoredClientKey("beta", "e".repeat(64), T0.plusSeconds(5)));
    assertThat(keys.findByHash("e".repeat(64))).map(StoredClientKey::tenant).contains("acme");
  }
}
