package dev.videoagent.adapters.persistence;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The databases videoagent can keep its jobs in. */
public enum Dialect {
  /** One file on this machine; the default, shared by the CLI and a local service. */
  SQLITE("sqlite"),
  /** A server, for deployments where several machines share the jobs. */
  POSTGRESQL("postgresql");

  private final String migrationFolder;

  Dialect(String migrationFolder) {
    this.migrationFolder = migrationFolder;
  }

  /** Flyway location of this dialect's migrations (plain Flyway has no {@code {vendor}}). */
  String migrationLocation() {
    return "classpath:" + migrationFolder();
  }

  /** Class-path folder of this dialect's migrations. */
  String migrationFolder() {
    return "db/migration/" + migrationFolder;
  }

  /** Whether {@code failure}, or one of its causes, is a primary-key or unique-index clash. */
  boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException && isUniqueViolation((SQLException) t)) {
        return true;
      }
    }
    return false;
  }

  private boolean isUniqueViolation(SQLException e) {
    if (this == POSTGRESQL) {
      return "23505".equals(e.getSQLState());
    }
    if (!(e instanceof SQLiteException)) {
      return false;
    }
    SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
    return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
  }
}
