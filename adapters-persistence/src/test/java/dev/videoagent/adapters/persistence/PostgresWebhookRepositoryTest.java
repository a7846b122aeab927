package dev.videoagent.adapters.persistence;

import dev.videoagent.core.testing.WebhookRepositoryContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox contract on a real PostgreSQL server; "another process" is a second pool. */
@ExtendWith(PostgresServer.Extension.class)
class PostgresWebhookRepositoryTest extends WebhookRepositoryContract {
  private PostgresServer server;
  private String url;
  private final List<Database> opened = new ArrayList<>();

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Override
  protected Stores stores() {
    url = server.newDatabaseUrl();
    return open();
  }

  @Override
  protected Stores another() {
    return open();
  }

  private Stores open() {
    Database database = Database.open(url);
    opened.add(database);
    return new Stores(database.jobs(), database.webhooks());
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }
}
