package dev.videoagent.core.testing;

import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.port.ClientKeyRepository;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryClientKeyRepository implements ClientKeyRepository {
  private final Map<String, StoredClientKey> byHash = new ConcurrentHashMap<>();

  @Override
  public void add(StoredClientKey key) {
    byHash.putIfAbsent(key.keyHash(), key);
  }

  @Override
  public Optional<StoredClientKey> findByHash(String keyHash) {
    return Optional.ofNullable(byHash.get(keyHash));
  }
}
