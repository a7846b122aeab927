package dev.videoagent.adapters.persistence;

import dev.videoagent.adapters.persistence.DirectStatements.Parameters;
import dev.videoagent.adapters.persistence.DirectStatements.RowReader;

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
    return DirectStatements.onBorrowed(
        sql,
        connections::lease,
        (lease, failed) -> {
          // Forgotten before the connection goes back: after that another thread may hold it.
          if (failed) {
            lease.forget(sql);
          }
          connections.closeConnection(lease.connection());
        },
        lease -> DirectStatements.run(lease.statement(sql), parameters, reader));
  }
}
