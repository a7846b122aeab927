package dev.videoagent.adapters.persistence;

import dev.videoagent.adapters.persistence.DirectStatements.DirectStatementException;
import dev.videoagent.adapters.persistence.DirectStatements.Parameters;
import dev.videoagent.adapters.persistence.DirectStatements.RowReader;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;

/**
 * The reads by id on SQLite, each statement prepared once per connection and kept there: preparing
 * parses the SQL and plans it, about half of what the stamp read behind every GET cost. What is
 * kept is bounded by the few statements the repository reads this way, times the connections.
 *
 * <p>A kept statement is reset when its result is closed, so between reads it holds no snapshot of
 * the database and the next read sees every write committed before it runs, by this process or
 * another. A statement that failed is closed and prepared again next time.
 */
final class KeptStatementReads implements DirectStatements.Reads {
  private final SqliteConnections connections;

  KeptStatementReads(SqliteConnections connections) {
    this.connections = connections;
  }

  @Override
  public <T> T read(String sql, Parameters parameters, RowReader<T> reader) {
    SqliteConnections.Lease lease;
    try {
      lease = connections.lease();
    } catch (SQLException e) {
      throw new ConnectionException(e);
    }
    T result;
    try {
      result = DirectStatements.run(lease.statement(sql), parameters, reader);
    } catch (SQLException | RuntimeException e) {
      lease.forget(sql);
      RuntimeException failure =
          e instanceof SQLException cause
              ? new DirectStatementException(sql, cause)
              : (RuntimeException) e;
      try {
        connections.closeConnection(lease.connection());
      } catch (SQLException | RuntimeException closing) {
        failure.addSuppressed(closing);
      }
      throw failure;
    }
    try {
      connections.closeConnection(lease.connection());
    } catch (SQLException e) {
      throw new ConnectionException(e);
    }
    return result;
  }
}
