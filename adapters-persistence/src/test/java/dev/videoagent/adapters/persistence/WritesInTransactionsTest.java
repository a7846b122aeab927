package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SQLite file: a write outside a transaction is refused before it runs, through JDBI and
 * through {@link DirectStatements}; reads, schema statements and writes inside a transaction are
 * not.
 */
class WritesInTransactionsTest {
  @TempDir Path folder;
  private Database database;
  private Jdbi jdbi;

  @BeforeEach
  void open() {
    database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"));
    jdbi = database.jdbi();
    jdbi.useHandle(h -> h.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT)"));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aWriteThroughJdbiOutsideATransactionIsRefusedAndNothingIsWritten() {
    for (String write :
        new String[] {
          "INSERT INTO notes (id, note) VALUES (1, 'a')",
          "  -- a comment first\n  update notes SET note = 'b'",
          "/* a comment */ DELETE FROM notes",
          "REPLACE INTO notes (id, note) VALUES (1, 'c')"
        }) {
      assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(write)))
          .as(write)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("inside a transaction");
    }
    assertThat(count()).isZero();
  }

  @Test
  void theSameWritesInsideATransactionRunAndReadsNeedNone() {
    jdbi.useTransaction(
        h -> {
          h.execute("INSERT INTO notes (id, note) VALUES (1, 'a')");
          h.createUpdate("UPDATE notes SET note = :note").bind("note", "b").execute();
        });
    assertThat(count()).isEqualTo(1);
    String note =
        jdbi.withHandle(h -> h.createQuery("SELECT note FROM notes").mapTo(String.class).one());
    assertThat(note).isEqualTo("b");
    jdbi.useHandle(h -> h.execute("PRAGMA optimize"));
  }

  @Test
  void aDirectWriteOutsideATransactionIsRefusedNamingOnlyTheStatementsFirstLine() {
    String insert = "INSERT INTO notes (id, note)\nVALUES (?, ?)";
    assertThatThrownBy(
            () ->
                jdbi.useHandle(
                    h ->
                        DirectStatements.update(
                            h,
                            insert,
                            s -> {
                              s.setInt(1, 1);
                              s.setString(2, "s3cr3t");
                            })))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("INSERT INTO notes (id, note) …")
        .hasMessageNotContaining("s3cr3t");
    assertThat(count()).isZero();

    String returning = "INSERT INTO notes (id, note) VALUES (2, 'x') RETURNING id";
    assertThatThrownBy(
            () ->
                jdbi.useHandle(
                    h -> DirectStatements.first(h, returning, s -> {}, rs -> rs.getInt(1))))
        .isInstanceOf(IllegalStateException.class);
    Optional<Integer> inserted =
        jdbi.inTransaction(h -> DirectStatements.first(h, returning, st -> {}, rs -> rs.getInt(1)));
    assertThat(inserted).contains(2);
  }

  @Test
  void onlyTheFirstWordDecides() {
    assertThat(WritesInTransactions.isWrite("SELECT 'INSERT' FROM notes")).isFalse();
    assertThat(WritesInTransactions.isWrite("CREATE TABLE t (x)")).isFalse();
    assertThat(WritesInTransactions.isWrite("")).isFalse();
    assertThat(WritesInTransactions.isWrite("-- only a comment")).isFalse();
    assertThat(WritesInTransactions.isWrite("\n\tInsert into t values (1)")).isTrue();
    assertThat(WritesInTransactions.isWrite("/* x */ /* y */ delete from t")).isTrue();
  }

  private int count() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notes").mapTo(int.class).one());
  }
}
