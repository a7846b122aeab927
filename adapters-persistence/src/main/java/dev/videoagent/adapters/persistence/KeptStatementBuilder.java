package dev.videoagent.adapters.persistence;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The statement builder of SQLite's handles. JDBI's own statements are prepared and closed as JDBI
 * does by default; the direct statements run on the handle's connection ({@link DirectStatements},
 * the create's insert, metadata and usage counters) are prepared once per connection and kept
 * there, as the reads by id are ({@link KeptStatementReads}).
 *
 * <p>Why: every create runs five such statements inside SQLite's write lock, which puts all creates
 * in one line, and preparing them (SQLite parses and plans each one) was about a fifth of a
 * create's CPU, all of it spent while every other create waited. What is kept is bounded by the few
 * statements run this way, times the connections, and goes when its connection does.
 *
 * <p>JDBI's statements are left alone: one of them can still be open (a result being read) when the
 * same SQL runs again on the handle, which a single kept statement could not serve.
 */
final class KeptStatementBuilder implements StatementBuilder, DirectStatements.Source {
  private final StatementBuilder jdbis;
  private final SqliteConnections connections;
  private final Connection connection;

  /**
   * Looked up at the first direct statement: most handles (the tracker's, the lists) run none. Only
   * the handle's own thread uses it.
   */
  private SqliteConnections.Lease kept;

  private KeptStatementBuilder(
      StatementBuilder jdbis, SqliteConnections connections, Connection connection) {
    this.jdbis = jdbis;
    this.connections = connections;
    this.connection = connection;
  }

  /** Builders for the handles over {@code connections}. */
  static StatementBuilderFactory on(SqliteConnections connections) {
    // JDBI's default builder keeps nothing, so one serves every handle.
    StatementBuilder jdbis = new DefaultStatementBuilder();
    return connection -> new KeptStatementBuilder(jdbis, connections, connection);
  }

  @Override
  public PreparedStatement take(String sql) throws SQLException {
    if (kept == null) {
      kept = connections.keptOn(connection);
    }
    // Checked on every use, not only when the statement is first prepared: the same statement may
    // later run on this connection outside a transaction.
    WritesInTransactions.require(connection, sql);
    PreparedStatement statement = kept.statement(sql);
    statement.clearParameters();
    return statement;
  }

  @Override
  public void giveBack(String sql, PreparedStatement statement, boolean failed) {
    // A statement that ran is reset by the driver (its result closed, its update done), and ready
    // to run again; one that failed, perhaps half set or half batched, is not trusted.
    if (failed) {
      kept.forget(sql);
    }
  }

  @Override
  public Statement create(Connection connection, StatementContext context) throws SQLException {
    return jdbis.create(connection, context);
  }

  @Override
  public PreparedStatement create(Connection connection, String sql, StatementContext context)
      throws SQLException {
    return jdbis.create(connection, sql, context);
  }

  @Override
  public CallableStatement createCall(Connection connection, String sql, StatementContext context)
      throws SQLException {
    return jdbis.createCall(connection, sql, context);
  }

  @Override
  public void close(Connection connection, String sql, Statement statement) throws SQLException {
    jdbis.close(connection, sql, statement);
  }

  @Override
  public void close(Connection connection) {
    jdbis.close(connection);
  }
}
