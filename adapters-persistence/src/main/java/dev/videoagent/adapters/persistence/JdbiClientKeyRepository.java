package dev.videoagent.adapters.persistence;

import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.port.ClientKeyRepository;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** REST clients' key hashes in SQLite or PostgreSQL. */
final class JdbiClientKeyRepository implements ClientKeyRepository {

  // The first row for a hash wins: bootstrap keys are added again at every start.
  private static final String INSERT =
      """
      INSERT INTO client_keys (key_hash, tenant, created_at)
      VALUES (:keyHash, :tenant, :createdAt)
      ON CONFLICT (key_hash) DO NOTHING
      """;

  private static final String FIND =
      """
      SELECT key_hash, tenant, created_at FROM client_keys WHERE key_hash = :keyHash
      """;

  private final Jdbi jdbi;

  JdbiClientKeyRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void add(StoredClientKey key) {
    jdbi.useTransaction(
        handle ->
            handle
                .createUpdate(INSERT)
                .bind("keyHash", key.keyHash())
                .bind("tenant", key.tenant())
                .bind("createdAt", key.createdAt().toEpochMilli())
                .execute());
  }

  @Override
  public Optional<StoredClientKey> findByHash(String keyHash) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(FIND)
                .bind("keyHash", keyHash)
                .map(
                    (rs, ctx) ->
                        new StoredClientKey(
                            rs.getString("tenant"),
                            rs.getString("key_hash"),
                            Instant.ofEpochMilli(rs.getLong("created_at"))))
                .findOne());
  }
}
