package dev.videoagent.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.ConnectionFactory;
import org.sqlite.SQLiteDataSource;

/**
 * A few SQLite connections to one file, reused: opening one is cheap, but the last one to close
 * checkpoints and removes the write-ahead log, so at least one stays open while the database is.
 * SQLite has no server to pool connections to, so this needs no pool library: no threads of its
 * own, no log lines in the host's log.
 */
final class SqliteConnections implements ConnectionFactory, AutoCloseable {
  private final SQLiteDataSource source;
  private final int max;
  private final Duration wait;
  private final Deque<Connection> idle = new ArrayDeque<>();

  /**
   * The statements kept on each open connection for {@link KeptStatementReads} and the direct
   * statements of a transaction ({@link KeptStatementBuilder}), by their SQL. Only the holder of a
   * connection touches its map while it is handed out; this lock guards the rest.
   */
  private final Map<Connection, Map<String, PreparedStatement>> kept = new IdentityHashMap<>();

  private int open;
  private boolean closed;

  /**
   * @param max connections open at most; a caller that finds all of them in use waits
   * @param wait how long it waits for one before giving up
   */
  SqliteConnections(SQLiteDataSource source, int max, Duration wait) throws SQLException {
    this.source = source;
    this.max = max;
    this.wait = wait;
    // Opened now: a file that cannot be opened fails here, and the log lives from here on.
    closeConnection(openConnection());
  }

  @Override
  public synchronized Connection openConnection() throws SQLException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      if (closed) {
        throw new SQLException("the SQLite database is closed");
      }
      Connection reused = idle.pollFirst();
      if (reused != null) {
        if (!reused.isClosed()) {
          return reused;
        }
        open--;
        kept.remove(reused);
        continue;
      }
      if (open < max) {
        open++;
        try {
          return source.getConnection();
        } catch (SQLException | RuntimeException e) {
          open--;
          throw e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SQLTimeoutException(
            "no SQLite connection was free within " + wait.toSeconds() + " s (" + max + " in use)");
      }
      try {
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for a SQLite connection", e);
      }
    }
  }

  /** Takes a connection back, as a fresh one: no transaction left open, auto-commit on. */
  @Override
  public synchronized void closeConnection(Connection connection) throws SQLException {
    try {
      if (!closed && !connection.isClosed()) {
        if (!connection.getAutoCommit()) {
          connection.rollback();
          connection.setAutoCommit(true);
        }
        idle.addFirst(connection);
        return;
      }
    } catch (SQLException | RuntimeException broken) {
      // A connection that cannot be reset is not handed out again.
    } finally {
      // One connection came back (or its place did): one waiter can have it. Waking them all
      // would have every request thread fight for one connection under load.
      notify();
    }
    discard(connection);
  }

  /**
   * A connection as {@link #openConnection()} hands it out, with the statements kept on it; give it
   * back with {@link #closeConnection(Connection)}.
   */
  synchronized Lease lease() throws SQLException {
    return keptOn(openConnection());
  }

  /**
   * The statements kept on {@code connection}, one this has handed out and its caller still holds
   * (the connection under a JDBI handle, {@link KeptStatementBuilder}).
   */
  synchronized Lease keptOn(Connection connection) {
    return new Lease(connection, kept.computeIfAbsent(connection, any -> new HashMap<>()));
  }

  private void discard(Connection connection) throws SQLException {
    open--;
    Map<String, PreparedStatement> statements = kept.remove(connection);
    if (statements != null) {
      for (PreparedStatement statement : statements.values()) {
        Lease.closeQuietly(statement);
      }
    }
    connection.close();
  }

  /** One connection handed out and the statements kept on it, which only its holder uses. */
  static final class Lease {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements;

    private Lease(Connection connection, Map<String, PreparedStatement> statements) {
      this.connection = connection;
      this.statements = statements;
    }

    Connection connection() {
      return connection;
    }

    /** The statement kept for {@code sql} on this connection, prepared now if there is none. */
    PreparedStatement statement(String sql) throws SQLException {
      PreparedStatement statement = statements.get(sql);
      if (statement == null || statement.isClosed()) {
        statement = DirectStatements.prepare(connection, sql);
        statements.put(sql, statement);
      }
      return statement;
    }

    /** Closes and forgets the statement for {@code sql}: after a failure it is not trusted. */
    void forget(String sql) {
      PreparedStatement statement = statements.remove(sql);
      if (statement != null) {
        closeQuietly(statement);
      }
    }

    /** Statements kept on this connection now; for tests. */
    int kept() {
      return statements.size();
    }

    private static void closeQuietly(PreparedStatement statement) {
      try {
        statement.close();
      } catch (SQLException alreadyBroken) {
        // Closing a statement frees it; one that cannot be closed goes with its connection.
      }
    }
  }

  /** Closes the idle connections; those in use are closed when they come back. */
  @Override
  public synchronized void close() throws SQLException {
    closed = true;
    SQLException failure = null;
    while (!idle.isEmpty()) {
      try {
        discard(idle.pollFirst());
      } catch (SQLException e) {
        failure = e;
      }
    }
    notifyAll();
    if (failure != null) {
      throw failure;
    }
  }
}
