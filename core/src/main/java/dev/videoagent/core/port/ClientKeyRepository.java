package dev.videoagent.core.port;

import dev.videoagent.core.StoredClientKey;
import java.util.Optional;

/** The REST clients' keys, stored as hashes. */
public interface ClientKeyRepository {

  /** Stores a key; storing the same hash again changes nothing. */
  void add(StoredClientKey key);

  Optional<StoredClientKey> findByHash(String keyHash);
}
