package dev.videoagent.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * Refuses a write ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code REPLACE}) run outside a
 * transaction, before it runs.
 *
 * <p>Why: on SQLite only transactions wait their turn for the one write lock ({@link
 * SqliteWriterQueue}). A write in autocommit mode bypasses that line and sleeps in SQLite's busy
 * handler while every queued writer goes first, holding one of the few pooled connections all the
 * while: the gateway's token take once waited 207 ms a take that way under a burst of creates. A
 * rule that only comments state is broken by the next write someone adds, and no functional test
 * notices; this makes such a write fail in every test that runs it. Installed on SQLite's JDBI
 * ({@code Database}); {@link DirectStatements}, whose writes are all parts of a larger transaction,
 * checks the same on either database.
 */
final class WritesInTransactions implements StatementCustomizer {

  @Override
  public void beforeExecution(PreparedStatement statement, StatementContext ctx)
      throws SQLException {
    require(ctx.getConnection(), ctx.getRenderedSql());
  }

  /**
   * @throws IllegalStateException when {@code sql} writes and {@code connection} is in autocommit
   *     mode, that is, outside a transaction
   */
  static void require(Connection connection, String sql) throws SQLException {
    if (isWrite(sql) && connection.getAutoCommit()) {
      throw new IllegalStateException(
          "A write must run inside a transaction (jdbi.inTransaction or useTransaction), so that"
              + " on SQLite it waits its turn for the write lock: "
              + SqlText.firstLine(sql));
    }
  }

  /** Whether the statement's first word, after blanks and comments, is one that writes rows. */
  static boolean isWrite(String sql) {
    int start = SqlText.startOfText(sql, 0);
    String word = sql.substring(start, SqlText.endOfName(sql, start));
    return word.equalsIgnoreCase("INSERT")
        || word.equalsIgnoreCase("UPDATE")
        || word.equalsIgnoreCase("DELETE")
        || word.equalsIgnoreCase("REPLACE");
  }
}
