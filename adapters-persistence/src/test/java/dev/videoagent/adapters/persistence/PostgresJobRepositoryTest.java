package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.EventPayloads;
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
  private String url;
  private EventPayloads payloads;

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Override
  protected JobRepository repository(EventPayloads payloads) {
    this.payloads = payloads;
    url = server.newDatabaseUrl();
    database = Database.open(url, payloads);
    return database.jobs();
  }

  @Override
  protected JobRepository reopened() {
    database.close();
    database = Database.open(url, payloads);
    return database.jobs();
  }

  @Override
  protected void fanOutEverything() {
    var webhooks = database.webhooks();
    var events = webhooks.eventsToFanOut(1000);
    webhooks.recordFanOut(events, java.util.List.of(), java.time.Instant.now());
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }
}
