package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.testing.JobRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared contract on a real PostgreSQL server, with a new database for each test. */
@ExtendWith(PostgresServer.Extension.class)
class PostgresJobRepositoryTest extends JobRepositoryContract {
  private PostgresServer server;
  private Database database;

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Override
  protected JobRepository repository() {
    database = Database.open(server.newDatabaseUrl());
    return database.jobs();
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }
}
