package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.CallTokens;
import dev.videoagent.core.testing.CallTokensContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared call rate on one PostgreSQL database, each view through its own pool, as instances.
 */
@ExtendWith(PostgresServer.Extension.class)
class PostgresCallTokensTest extends CallTokensContract {
  private PostgresServer server;
  private String url;
  private final List<Database> opened = new ArrayList<>();

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Override
  protected CallTokens tokens(double perSecond) {
    if (url == null) {
      url = server.newDatabaseUrl();
    }
    Database database = Database.open(url, 4);
    opened.add(database);
    return database.callTokens(perSecond);
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }
}
