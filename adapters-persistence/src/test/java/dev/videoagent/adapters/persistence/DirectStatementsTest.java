package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
