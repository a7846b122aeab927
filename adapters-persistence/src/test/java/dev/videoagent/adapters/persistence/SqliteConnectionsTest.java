package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SqliteConnectionsTest {
  @TempDir Path folder;

  private SQLiteDataSource source() {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + folder.resolve("pool.db"));
    return source;
  }

  @Test
  void atMostMaxAreHandedOutAndTheNextWaitsForOneToComeBack() throws Exception {
    try (SqliteConnections connections =
        new SqliteConnections(source(), 2, Duration.ofSeconds(10))) {
      Connection first = connections.openConnection();
      Connection second = connections.openConnection();
      assertThat(first).isNotSameAs(second);

      CompletableFuture<Connection> third =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return connections.openConnection();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(200);
      assertThat(third).isNotDone();

      connections.closeConnection(first);
      assertThat(third.get(5, TimeUnit.SECONDS)).isSameAs(first);
    }
  }

  @Test
  void aWaitThatFindsNoneFreeInTimeFails() throws Exception {
    try (SqliteConnections connections =
        new SqliteConnections(source(), 1, Duration.ofMillis(100))) {
      connections.openConnection();
      assertThatThrownBy(connections::openConnection).isInstanceOf(SQLTimeoutException.class);
    }
  }

  @Test
  void aConnectionComesBackWithoutItsTransaction() throws Exception {
    try (SqliteConnections connections =
        new SqliteConnections(source(), 1, Duration.ofSeconds(1))) {
      Connection connection = connections.openConnection();
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE t (x INTEGER)");
      }
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO t VALUES (1)");
      }
      connections.closeConnection(connection);

      Connection again = connections.openConnection();
      assertThat(again.getAutoCommit()).isTrue();
      try (Statement statement = again.createStatement();
          var rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
      connections.closeConnection(again);
    }
  }

  @Test
  void closingClosesTheIdleOnesAndThoseStillOutWhenTheyComeBack() throws Exception {
    SqliteConnections connections = new SqliteConnections(source(), 2, Duration.ofSeconds(1));
    Connection out = connections.openConnection();
    Connection idle = connections.openConnection();
    connections.closeConnection(idle);

    connections.close();

    assertThat(idle.isClosed()).isTrue();
    assertThat(out.isClosed()).isFalse();
    connections.closeConnection(out);
    assertThat(out.isClosed()).isTrue();
    assertThatThrownBy(connections::openConnection).hasMessageContaining("closed");
  }
}
