package dev.videoagent.adapters.persistence;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresServer.Extension.class)
class PostgresJdbiJobRepositoryTest extends JdbiJobRepositoryBehaviour {
  private PostgresServer server;

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Override
  Database openDatabase() {
    return Database.open(server.newDatabaseUrl());
  }
}
