package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.IdGenerator;
import java.time.Clock;

/** Makes a new REST client key for a tenant. The key is returned once and only its hash kept. */
public final class IssueClientKey {
  private final ClientKeyRepository keys;
  private final IdGenerator ids;
  private final Clock clock;

  public IssueClientKey(ClientKeyRepository keys, IdGenerator ids, Clock clock) {
    this.keys = keys;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * @return the new key in clear text: show it to the user now, it cannot be read back later
   */
  public ClientKey issue(TenantName tenant) {
    ClientKey key = new ClientKey("va_" + ids.newSecret() + ids.newSecret());
    keys.add(new StoredClientKey(tenant.value(), key.hash(), clock.instant()));
    return key;
  }

  /** As {@link #issue(TenantName)}, checking the name first. */
  public String issue(String tenant) {
    return issue(TenantName.of(tenant)).value();
  }
}
