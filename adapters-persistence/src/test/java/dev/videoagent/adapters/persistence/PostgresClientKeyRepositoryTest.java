package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.testing.ClientKeyRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared contract on a real PostgreSQL server, with a new database for each test. */
@ExtendWith(PostgresServer.Extension.class)
class PostgresClientKeyRepositoryTest extends ClientKeyRepositoryContract {
  private PostgresServer server;
  private Database database;

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Override
  protected ClientKeyRepository clientKeys() {
    database = Database.open(server.newDatabaseUrl());
    return database.clientKeys();
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }
}
