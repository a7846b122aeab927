package dev.videoagent.core.port;

import dev.videoagent.core.ClientKey;
import java.util.Optional;

/** The REST clients' keys, stored as hashes. */
public interface ClientKeyRepository {

  /** Stores a key; storing the same hash again changes nothing. */
  void add(ClientKey key);

  Optional<ClientKey> findByHash(String keyHash);
}
