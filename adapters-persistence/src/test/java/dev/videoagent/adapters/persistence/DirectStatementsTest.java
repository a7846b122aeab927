package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite file: statements run on the handle's connection, inside its transaction. */
class DirectStatementsTest {
  @TempDir Path folder;
  private Database database;
  private Jdbi jdbi;

  @BeforeEach
  void open() {
    database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"));
    jdbi = database.jdbi();
    jdbi.useHandle(
        h -> {
          h.execute("CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT)");
          h.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT)");
        });
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aFailureIsAJdbiExceptionNamingTheStatementButNoValue() {
    String insert = "INSERT INTO secrets (name, value)\nVALUES (?, ?)";
    jdbi.useTransaction(
        h -> DirectStatements.update(h, insert, s -> bind(s, "token", "s3cr3t-value")));

    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h ->
                        DirectStatements.update(
                            h, insert, s -> bind(s, "token", "an0ther-s3cr3t"))))
        .isInstanceOf(JdbiException.class)
        .hasCauseInstanceOf(SQLException.class)
        .hasMessageStartingWith("INSERT INTO secrets (name, value) …: ")
        .hasMessageNotContaining("s3cr3t");
    assertThat(Dialect.SQLITE.isUniqueViolation(catchFailure(jdbi, insert))).isTrue();
  }

  @Test
  void aFailedStatementRollsBackItsTransactionLikeAnyOther() {
    String insert = "INSERT INTO notes (id, note) VALUES (?, ?)";

    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      DirectStatements.update(h, insert, s -> bindNote(s, 1, "kept?"));
                      DirectStatements.update(h, insert, s -> bindNote(s, 1, "clash"));
                    }))
        .isInstanceOf(JdbiException.class);
    assertThat(count(jdbi)).isZero();
  }

  @Test
  void aBatchWritesEveryRowAndFirstReadsOneRowOrNone() {
    List<Map.Entry<Integer, String>> rows =
        List.of(Map.entry(1, "one"), Map.entry(2, "two"), Map.entry(3, "three"));
    jdbi.useTransaction(
        h ->
            DirectStatements.batch(
                h,
                "INSERT INTO notes (id, note) VALUES (?, ?)",
                rows,
                (s, row) -> bindNote(s, row.getKey(), row.getValue())));
    assertThat(count(jdbi)).isEqualTo(3);

    String byId = "SELECT note FROM notes WHERE id = ?";
    Optional<String> two = noteById(jdbi, byId, 2);
    Optional<String> none = noteById(jdbi, byId, 9);
    assertThat(two).contains("two");
    assertThat(none).isEmpty();
    // A statement with RETURNING answers its row the same way.
    Optional<Integer> updated =
        jdbi.inTransaction(
            h ->
                DirectStatements.first(
                    h,
                    "UPDATE notes SET note = ? WHERE id = ? RETURNING id",
                    s -> {
                      s.setString(1, "THREE");
                      s.setInt(2, 3);
                    },
                    r -> r.getInt("id")));
    assertThat(updated).contains(3);
  }

  @Test
  void onSqliteAStatementIsPreparedOncePerConnectionAndRunsAgainInLaterTransactions() {
    String insert = "INSERT INTO notes (id, note) VALUES (?, ?)";
    List<PreparedStatement> used = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      int row = id;
      jdbi.useTransaction(
          h ->
              DirectStatements.update(
                  h,
                  insert,
                  s -> {
                    used.add(s);
                    bindNote(s, row, "note " + row);
                  }));
    }
    // One thread, so every transaction had the same (most recently idle) connection.
    assertThat(used).hasSize(3).allSatisfy(s -> assertThat(s).isSameAs(used.get(0)));
    assertThat(count(jdbi)).isEqualTo(3);
  }

  @Test
  void aKeptStatementThatFailedIsPreparedAfreshAndTheNextUseWorks() {
    String insert = "INSERT INTO notes (id, note) VALUES (?, ?)";
    List<PreparedStatement> used = new ArrayList<>();
    DirectStatements.Parameters first = s -> bindNote(s, 1, "first");
    jdbi.useTransaction(h -> DirectStatements.update(h, insert, tracked(used, first)));
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h ->
                        DirectStatements.update(
                            h, insert, tracked(used, s -> bindNote(s, 1, "clash")))))
        .isInstanceOf(JdbiException.class);
    jdbi.useTransaction(
        h -> DirectStatements.update(h, insert, tracked(used, s -> bindNote(s, 2, "second"))));

    assertThat(used.get(1)).isSameAs(used.get(0));
    assertThat(used.get(2)).isNotSameAs(used.get(1));
    assertThat(noteById(jdbi, "SELECT note FROM notes WHERE id = ?", 2)).contains("second");
    assertThat(count(jdbi)).isEqualTo(2);
  }

  @Test
  void aKeptStatementKeepsNoParameterOrBatchRowFromItsUseBefore() {
    String insert = "INSERT INTO notes (id, note) VALUES (?, ?)";
    jdbi.useTransaction(
        h ->
            DirectStatements.batch(
                h, insert, List.of(1, 2, 3), (s, id) -> bindNote(s, id, "batch " + id)));
    jdbi.useTransaction(
        h -> DirectStatements.batch(h, insert, List.of(4), (s, id) -> bindNote(s, id, "alone")));
    // Only the id this time: the note of the use before must not come back.
    jdbi.useTransaction(h -> DirectStatements.update(h, insert, s -> s.setInt(1, 5)));

    assertThat(count(jdbi)).isEqualTo(5);
    assertThat(noteById(jdbi, "SELECT note FROM notes WHERE id = ?", 4)).contains("alone");
    Integer withoutNote =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM notes WHERE id = 5 AND note IS NULL")
                    .mapTo(int.class)
                    .one());
    assertThat(withoutNote).isEqualTo(1);
  }

  @Test
  void aKeptStatementWithReturningIsResetByReadingItsRowAndCountsOnFromTheCommittedValue() {
    jdbi.useTransaction(h -> h.execute("INSERT INTO notes (id, note) VALUES (1, '0')"));
    String add = "UPDATE notes SET note = CAST(note AS INTEGER) + 1 WHERE id = ? RETURNING note";
    List<String> seen = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      seen.add(
          jdbi.inTransaction(
                  h -> DirectStatements.first(h, add, s -> s.setInt(1, 1), r -> r.getString(1)))
              .orElseThrow());
    }
    assertThat(seen).containsExactly("1", "2", "3");
  }

  @Test
  void aKeptWriteStatementIsStillRefusedOutsideATransaction() {
    String insert = "INSERT INTO notes (id, note) VALUES (?, ?)";
    jdbi.useTransaction(h -> DirectStatements.update(h, insert, s -> bindNote(s, 1, "kept")));

    assertThatThrownBy(
            () ->
                jdbi.useHandle(
                    h -> DirectStatements.update(h, insert, s -> bindNote(s, 2, "outside"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inside a transaction");
    assertThat(count(jdbi)).isEqualTo(1);
  }

  @Test
  void moreWritersThanConnectionsWithFailuresAndAReopenMidwayKeepFewStatementsAndLoseNothing()
      throws Exception {
    String insert = "INSERT INTO notes (id, note) VALUES (?, ?)";
    String add =
        "UPDATE secrets SET value = CAST(value AS INTEGER) + 1 WHERE name = ? RETURNING value";
    jdbi.useTransaction(h -> h.execute("INSERT INTO secrets (name, value) VALUES ('n', '0')"));
    Set<PreparedStatement> used = ConcurrentHashMap.newKeySet();
    int writers = Database.SQLITE_CONNECTIONS * 4;
    int each = 40;
    AtomicInteger refused = new AtomicInteger();
    for (int half = 0; half < 2; half++) {
      int offset = half * writers * each;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    int id = offset + writer * each + i;
                    write(jdbi, insert, add, id, used);
                    if (i % 10 == 9) {
                      // The same id again: refused, its statement forgotten, the next one fresh.
                      try {
                        write(jdbi, insert, add, id, used);
                      } catch (JdbiException duplicate) {
                        refused.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      if (half == 0) {
        // A restart midway: the kept statements go with their connections.
        database.close();
        database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"));
        jdbi = database.jdbi();
      }
    }

    int total = 2 * writers * each;
    assertThat(count(jdbi)).isEqualTo(total);
    assertThat(refused.get()).isEqualTo(2 * writers * (each / 10));
    // Each refused insert rolled its counter back with it.
    assertThat(noteCounter(jdbi)).isEqualTo(String.valueOf(total));
    // Two statements on at most four connections, per database opened, plus one fresh insert
    // statement after each refusal: nowhere near one per write.
    assertThat(used.size())
        .isLessThanOrEqualTo(2 * 2 * Database.SQLITE_CONNECTIONS + refused.get());
  }

  private static void write(
      Jdbi jdbi, String insert, String add, int id, Set<PreparedStatement> used) {
    jdbi.useTransaction(
        h -> {
          DirectStatements.first(
              h, add, tracked(used, s -> s.setString(1, "n")), r -> r.getString(1));
          DirectStatements.update(h, insert, tracked(used, s -> bindNote(s, id, "note " + id)));
        });
  }

  private static String noteCounter(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT value FROM secrets WHERE name = 'n'").mapTo(String.class).one());
  }

  private static DirectStatements.Parameters tracked(
      Collection<PreparedStatement> used, DirectStatements.Parameters parameters) {
    return s -> {
      used.add(s);
      parameters.set(s);
    };
  }

  private static void bind(PreparedStatement s, String name, String value) throws SQLException {
    s.setString(1, name);
    s.setString(2, value);
  }

  private static void bindNote(PreparedStatement s, int id, String note) throws SQLException {
    s.setInt(1, id);
    s.setString(2, note);
  }

  private static RuntimeException catchFailure(Jdbi jdbi, String insert) {
    try {
      jdbi.useTransaction(h -> DirectStatements.update(h, insert, s -> bind(s, "token", "x")));
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the duplicate insert did not fail");
  }

  private static Optional<String> noteById(Jdbi jdbi, String sql, int id) {
    return jdbi.withHandle(
        h -> DirectStatements.first(h, sql, s -> s.setInt(1, id), r -> r.getString("note")));
  }

  private static int count(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM notes").mapTo(int.class).one());
  }
}
