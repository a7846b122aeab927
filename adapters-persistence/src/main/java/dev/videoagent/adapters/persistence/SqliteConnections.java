package dev.videoagent.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
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

  private void discard(Connection connection) throws SQLException {
    open--;
    connection.close();
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
