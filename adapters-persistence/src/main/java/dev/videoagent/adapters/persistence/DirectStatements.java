package dev.videoagent.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The statements of a create, run on the handle's own JDBC connection (inside its transaction), and
 * the reads of a job by id behind every GET, run on a connection of their own; all with positional
 * parameters set by their known types.
 *
 * <p>JDBI resolves the type of every bound value through its argument factories, and the mapper of
 * every result through its column mappers, once per statement: on a create, inside SQLite's write
 * lock that puts every create in line, that was about two fifths of the Java time (the job's thirty
 * columns, two usage counters, the metadata). The reads by id are here for the same reason, and go
 * without a JDBI handle as well ({@link Reads}): opening and closing one around a single statement
 * was two thirds of the cost of the version read that every GET of a job makes. On SQLite both
 * kinds of statement are also kept per connection, not prepared for each use ({@link
 * KeptStatementBuilder}, {@link KeptStatementReads}). Everything else goes through JDBI.
 *
 * <p>A failure is a {@link JdbiException}, as from any other statement, so callers and the
 * service's "database unavailable" answer treat both alike. Its message names the statement's first
 * line, never a value (a job holds its callback token).
 */
final class DirectStatements {
  private DirectStatements() {}

  /** Sets a statement's parameters. */
  interface Parameters {
    void set(PreparedStatement statement) throws SQLException;
  }

  /** Sets a statement's parameters from one row of a batch. */
  interface RowParameters<T> {
    void set(PreparedStatement statement, T row) throws SQLException;
  }

  /** Reads the current row of a result, or (for {@link #query}) the whole result. */
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
  static int update(Handle handle, String sql, Parameters parameters) {
    return onHandle(
        handle,
        sql,
        statement -> {
          parameters.set(statement);
          return statement.executeUpdate();
        });
  }

  /** Runs one statement for each of {@code rows}, as one JDBC batch. */
  static <T> void batch(Handle handle, String sql, Iterable<T> rows, RowParameters<T> parameters) {
    onHandle(
        handle,
        sql,
        statement -> {
          for (T row : rows) {
            parameters.set(statement, row);
            statement.addBatch();
          }
          return statement.executeBatch();
        });
  }

  /** The first row a query (or a statement with RETURNING) answers, if any. */
  static <T> Optional<T> first(
      Handle handle, String sql, Parameters parameters, RowReader<T> reader) {
    return query(
        handle,
        sql,
        parameters,
        rows -> rows.next() ? Optional.of(reader.read(rows)) : Optional.empty());
  }

  /** What {@code reader} makes of a query's whole result, positioned before its first row. */
  static <T> T query(Handle handle, String sql, Parameters parameters, RowReader<T> reader) {
    return onHandle(handle, sql, statement -> run(statement, parameters, reader));
  }

  /**
   * Where the statements run on a handle's connection come from: on SQLite, kept on the connection
   * ({@link KeptStatementBuilder}); elsewhere each is prepared for its one use.
   */
  interface Source {
    /** A statement of {@code sql}, with no parameters set. */
    PreparedStatement take(String sql) throws SQLException;

    /** Gives back what {@link #take} gave, after it ran or {@code failed}. */
    void giveBack(String sql, PreparedStatement statement, boolean failed) throws SQLException;
  }

  /** Each statement prepared for its one use on {@code connection}, and closed after it. */
  private record PreparedEachTime(Connection connection) implements Source {
    @Override
    public PreparedStatement take(String sql) throws SQLException {
      return prepare(connection, sql);
    }

    @Override
    public void giveBack(String sql, PreparedStatement statement, boolean failed)
        throws SQLException {
      statement.close();
    }
  }

  private static Source sourceOf(Handle handle) {
    return handle.getStatementBuilder() instanceof Source kept
        ? kept
        : new PreparedEachTime(handle.getConnection());
  }

  /**
   * Runs {@code work} on a statement of {@code sql} from the handle's source and gives it back, as
   * {@link #onBorrowed} does with a connection; failing to take or give back the statement is a
   * {@link DirectStatementException} as well, naming the statement.
   */
  private static <T> T onHandle(Handle handle, String sql, Use<PreparedStatement, T> work) {
    Source source = sourceOf(handle);
    return lent(
        sql,
        () -> source.take(sql),
        (statement, failed) -> source.giveBack(sql, statement, failed),
        work,
        cause -> new DirectStatementException(sql, cause));
  }

  /** Reads of one statement each, outside any JDBI handle. */
  interface Reads {
    /** What {@code reader} makes of the whole result of {@code sql}. */
    <T> T read(String sql, Parameters parameters, RowReader<T> reader);
  }

  /**
   * Reads on connections taken from {@code connections} for one statement each and given back after
   * it, each statement prepared for its one read.
   */
  static Reads on(ConnectionFactory connections) {
    return new Reads() {
      @Override
      public <T> T read(String sql, Parameters parameters, RowReader<T> reader) {
        return DirectStatements.read(connections, sql, parameters, reader);
      }
    };
  }

  private static <T> T read(
      ConnectionFactory connections, String sql, Parameters parameters, RowReader<T> reader) {
    return onBorrowed(
        sql,
        connections::openConnection,
        (connection, failed) -> connections.closeConnection(connection),
        connection -> {
          try (PreparedStatement statement = prepare(connection, sql)) {
            return run(statement, parameters, reader);
          }
        });
  }

  /** Takes something that holds a connection; may fail as the driver does. */
  interface Take<C> {
    C take() throws SQLException;
  }

  /** Gives back what {@link Take} took, after the work on it ran or {@code failed}. */
  interface GiveBack<C> {
    void giveBack(C held, boolean failed) throws SQLException;
  }

  /** The work done on what {@link Take} took. */
  interface Use<C, T> {
    T use(C held) throws SQLException;
  }

  /**
   * Runs {@code work} for {@code sql} on what {@code take} takes and gives it back with {@code
   * giveBack}, whatever the work did. The driver's failure of the work is a {@link
   * DirectStatementException} naming the statement; failing to take or give back is JDBI's {@link
   * ConnectionException}, and after a failed work it is added to that failure, not put in its
   * place.
   */
  static <C, T> T onBorrowed(String sql, Take<C> take, GiveBack<C> giveBack, Use<C, T> work) {
    return lent(sql, take, giveBack, work, ConnectionException::new);
  }

  /**
   * What {@link #onBorrowed} and {@link #onHandle} share: {@code lendingFailed} makes the failure
   * of a take or of a give-back after work that went well.
   */
  private static <C, T> T lent(
      String sql,
      Take<C> take,
      GiveBack<C> giveBack,
      Use<C, T> work,
      Function<SQLException, RuntimeException> lendingFailed) {
    C held;
    try {
      held = take.take();
    } catch (SQLException e) {
      throw lendingFailed.apply(e);
    }
    T result;
    try {
      result = work.use(held);
    } catch (SQLException | RuntimeException e) {
      RuntimeException failure =
          e instanceof SQLException cause
              ? new DirectStatementException(sql, cause)
              : (RuntimeException) e;
      try {
        giveBack.giveBack(held, true);
      } catch (SQLException | RuntimeException giving) {
        failure.addSuppressed(giving);
      }
      throw failure;
    }
    try {
      giveBack.giveBack(held, false);
    } catch (SQLException e) {
      throw lendingFailed.apply(e);
    }
    return result;
  }

  /**
   * Runs a prepared query with {@code parameters} and closes its result, which leaves the statement
   * ready to run again.
   */
  static <T> T run(PreparedStatement statement, Parameters parameters, RowReader<T> reader)
      throws SQLException {
    parameters.set(statement);
    try (ResultSet rows = statement.executeQuery()) {
      return reader.read(rows);
    }
  }

  /**
   * Prepares {@code sql}, refusing a write outside a transaction ({@link WritesInTransactions}).
   */
  static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    WritesInTransactions.require(connection, sql);
    return connection.prepareStatement(sql);
  }

  /** A direct statement's failure; its cause is the driver's. */
  static final class DirectStatementException extends JdbiException {
    private static final long serialVersionUID = 1L;

    DirectStatementException(String sql, SQLException cause) {
      super(SqlText.firstLine(sql) + ": " + cause.getMessage(), cause);
    }
  }
}
