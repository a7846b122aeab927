package dev.videoagent.core.usecase;

import dev.videoagent.core.ClientKey;
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
  public String issue(String tenant) {
    String key = "va_" + ids.newSecret() + ids.newSecret();
    keys.add(new ClientKey(tenant, ClientKeys.hash(key), clock.instant()));
    return key;
  }
}
