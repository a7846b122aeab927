package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The reads by id on SQLite, with their statements kept per connection, on a real file. */
class KeptStatementReadsTest {
  private static final String READ = "SELECT v FROM t WHERE id = ?";
  private static final int ROWS = 64;

  @TempDir Path folder;

  /** As the product opens SQLite: write-ahead log, a busy timeout. */
  private SQLiteDataSource source() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + folder.resolve("kept.db"));
    return source;
  }

  @BeforeEach
  void table() throws SQLException {
    try (Connection connection = source().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
      connection.setAutoCommit(false);
      for (int id = 0; id < ROWS; id++) {
        statement.executeUpdate("INSERT INTO t (id, v) VALUES (" + id + ", " + id * 10 + ")");
      }
      connection.commit();
    }
  }

  private static long value(DirectStatements.Reads reads, int id) {
    return reads.read(
        READ, statement -> statement.setInt(1, id), rows -> rows.next() ? rows.getLong(1) : -1L);
  }

  private static void write(SqliteConnections connections, int id, long value) throws SQLException {
    Connection connection = connections.openConnection();
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE t SET v = ? WHERE id = ?")) {
      connection.setAutoCommit(false);
      update.setLong(1, value);
      update.setInt(2, id);
      update.executeUpdate();
      connection.commit();
    } finally {
      connections.closeConnection(connection);
    }
  }

  @Test
  void aReadSeesEveryWriteCommittedBeforeItFromAnyProcessAndHoldsNoReadBetweenReads()
      throws Exception {
    try (SqliteConnections connections = new SqliteConnections(source(), 2, Duration.ofSeconds(5));
        SqliteConnections elsewhere = new SqliteConnections(source(), 1, Duration.ofSeconds(5))) {
      DirectStatements.Reads reads = new KeptStatementReads(connections);
      for (long round = 1; round <= 200; round++) {
        // A kept statement that held its last result open would hold that snapshot: the writes of
        // the other pool would not be seen, or would wait for the write lock in vain.
        write(round % 2 == 0 ? connections : elsewhere, 7, round);
        assertThat(value(reads, 7)).as("round %d", round).isEqualTo(round);
      }
      // Nor does a kept statement hold a read between reads: a checkpoint that must wait for every
      // reader to leave the log completes at once, and empties it.
      Connection other = elsewhere.openConnection();
      try (Statement statement = other.createStatement();
          var result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        assertThat(result.next()).isTrue();
        assertThat(result.getInt(1)).as("the checkpoint was blocked by a reader").isZero();
      } finally {
        elsewhere.closeConnection(other);
      }
      assertThat(Files.size(folder.resolve("kept.db-wal"))).isZero();
    }
  }

  @Test
  void eachConnectionPreparesAStatementOnceAndRunsItAgain() throws Exception {
    try (SqliteConnections connections =
        new SqliteConnections(source(), 1, Duration.ofSeconds(5))) {
      DirectStatements.Reads reads = new KeptStatementReads(connections);
      assertThat(value(reads, 3)).isEqualTo(30);

      SqliteConnections.Lease lease = connections.lease();
      PreparedStatement kept = lease.statement(READ);
      assertThat(lease.kept()).isEqualTo(1);
      connections.closeConnection(lease.connection());

      for (int id = 0; id < ROWS; id++) {
        assertThat(value(reads, id)).isEqualTo(id * 10L);
      }
      assertThat(value(reads, ROWS + 1)).as("no such row").isEqualTo(-1L);

      SqliteConnections.Lease again = connections.lease();
      assertThat(again.statement(READ)).isSameAs(kept);
      assertThat(again.kept()).isEqualTo(1);
      connections.closeConnection(again.connection());
    }
  }

  @Test
  void aReadThatFailsDropsItsStatementAndTheNextOnePreparesItAfresh() throws Exception {
    try (SqliteConnections connections =
        new SqliteConnections(source(), 1, Duration.ofSeconds(5))) {
      DirectStatements.Reads reads = new KeptStatementReads(connections);
      assertThat(value(reads, 1)).isEqualTo(10);

      assertThatThrownBy(
              () ->
                  reads.read(
                      READ,
                      statement -> statement.setInt(1, 1),
                      rows -> {
                        throw new IllegalStateException("the reader gave up");
                      }))
          .isInstanceOf(IllegalStateException.class);
      SqliteConnections.Lease lease = connections.lease();
      assertThat(lease.kept()).isZero();
      connections.closeConnection(lease.connection());

      assertThatThrownBy(
              () -> reads.read("SELECT nope FROM t WHERE id = ?", s -> s.setInt(1, 1), r -> 0))
          .isInstanceOf(JdbiException.class)
          .hasMessageContaining("SELECT nope FROM t");
      assertThat(value(reads, 2)).isEqualTo(20);
    }
  }

  @Test
  void closedConnectionsTakeTheirStatementsWithThemAndAClosedPoolIsAnOutage() throws Exception {
    SqliteConnections connections = new SqliteConnections(source(), 2, Duration.ofSeconds(5));
    DirectStatements.Reads reads = new KeptStatementReads(connections);
    assertThat(value(reads, 4)).isEqualTo(40);
    SqliteConnections.Lease lease = connections.lease();
    PreparedStatement kept = lease.statement(READ);
    connections.closeConnection(lease.connection());

    connections.close();

    assertThat(kept.isClosed()).isTrue();
    assertThatThrownBy(() -> value(reads, 4))
        .isInstanceOf(JdbiException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void manyThreadsReadingAtOnceEachGetTheirOwnRows() throws Exception {
    try (SqliteConnections connections =
        new SqliteConnections(source(), 4, Duration.ofSeconds(10))) {
      DirectStatements.Reads reads = new KeptStatementReads(connections);
      ExecutorService threads = Executors.newFixedThreadPool(16);
      try {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          int first = t;
          done.add(
              threads.submit(
                  () -> {
                    int checked = 0;
                    for (int n = 0; n < 500; n++) {
                      int id = (first + n * 7) % ROWS;
                      assertThat(value(reads, id)).isEqualTo(id * 10L);
                      checked++;
                    }
                    return checked;
                  }));
        }
        for (Future<Integer> each : done) {
          assertThat(each.get()).isEqualTo(500);
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }
}
