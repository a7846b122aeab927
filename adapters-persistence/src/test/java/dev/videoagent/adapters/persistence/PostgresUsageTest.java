package dev.videoagent.adapters.persistence;

import dev.videoagent.core.DailyCaps;
import dev.videoagent.core.testing.UsageContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The usage contract on one PostgreSQL database, each view through its own pool, as instances. */
@ExtendWith(PostgresServer.Extension.class)
class PostgresUsageTest extends UsageContract {
  private PostgresServer server;
  private String url;
  private final List<Database> opened = new ArrayList<>();

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Override
  protected Store store(DailyCaps caps) {
    if (url == null) {
      url = server.newDatabaseUrl();
    }
    Database database = Database.open(url, 4);
    opened.add(database);
    return new Store(database.jobs(caps), database.usage());
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }
}
