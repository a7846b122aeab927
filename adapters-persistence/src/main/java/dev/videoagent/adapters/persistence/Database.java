package dev.videoagent.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.JobRepository;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An open, migrated database (SQLite file or PostgreSQL server) and its repositories. Thread-safe;
 * open one per process and close it on shutdown. Several processes may open the same database at
 * once: the CLI and the service share one SQLite file.
 */
public final class Database implements AutoCloseable {
  /** How long a SQLite writer waits for another one (in any process) before giving up. */
  static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration HEALTH_QUERY_TIMEOUT = Duration.ofSeconds(2);

  private final DatabaseUrl url;
  private final DataSource dataSource;

  /** The pool this class made and must close; null for a host's own data source. */
  private final HikariDataSource ownedPool;

  private final Jdbi jdbi;
  private final JdbiJobRepository jobs;
  private final JdbiClientKeyRepository clientKeys;
  private volatile boolean closed;

  private Database(DatabaseUrl url, DataSource dataSource, HikariDataSource ownedPool) {
    this.url = url;
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.jdbi = Jdbi.create(dataSource);
    // A parameter bound but missing from the SQL is a bug in the statement: fail, do not ignore it.
    jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(false);
    this.jobs = new JdbiJobRepository(jdbi, url.dialect());
    this.clientKeys = new JdbiClientKeyRepository(jdbi);
  }

  /**
   * Opens the database named by a {@code VIDEOAGENT_DB} value and applies pending migrations.
   *
   * @param jdbcUrl {@code jdbc:sqlite:/path/to/file.db} (the file and its folder are created,
   *     owner-only, when missing) or {@code jdbc:postgresql://host:port/database?user=…&password=…}
   * @throws IllegalArgumentException when the URL is malformed or names an unsupported database;
   *     the message is a sentence naming {@code VIDEOAGENT_DB}
   * @throws IllegalStateException when the database cannot be created, reached or migrated
   */
  public static Database open(String jdbcUrl) {
    DatabaseUrl url = DatabaseUrl.parse(jdbcUrl);
    HikariDataSource dataSource;
    try {
      dataSource = url.dialect() == Dialect.SQLITE ? sqlitePool(url) : postgresPool(url);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Could not open the " + url + ": " + e.getMessage(), e);
    }
    try {
      Migrations.apply(dataSource, url);
    } catch (RuntimeException e) {
      dataSource.close();
      throw new IllegalStateException("Could not migrate the " + url + ": " + e.getMessage(), e);
    }
    return new Database(url, dataSource, dataSource);
  }

  /**
   * Uses a pool the host application already has, and applies pending migrations to it. The pool
   * stays the host's: {@link #close()} does not close it. A SQLite pool should be configured as
   * {@link #open(String)} configures its own: WAL journal, a busy timeout, foreign keys on, and
   * IMMEDIATE transactions, or concurrent writers fail with SQLITE_BUSY.
   *
   * @throws IllegalStateException when the database cannot be reached or migrated
   */
  public static Database open(DataSource dataSource, Dialect dialect) {
    Objects.requireNonNull(dataSource, "dataSource");
    DatabaseUrl url = DatabaseUrl.external(Objects.requireNonNull(dialect, "dialect"));
    try {
      Migrations.apply(dataSource, url);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not migrate the " + url + ": " + e.getMessage(), e);
    }
    return new Database(url, dataSource, null);
  }

  private static HikariDataSource sqlitePool(DatabaseUrl url) throws IOException {
    OwnerOnly.createFolders(url.sqliteFile().getParent());
    // SQLite gives the -wal and -shm files the database file's permissions, so 0600 here covers
    // them too.
    OwnerOnly.createFileIfMissing(url.sqliteFile());

    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a commit survives power loss too. The attempt mark written before a submit must not
    // vanish, or a job could be sent (and billed) a second time after a machine crash.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
    // Take the write lock when a transaction starts: a transaction that read first and then
    // tries to write fails at once with SQLITE_BUSY instead of waiting out the busy timeout.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl(url.jdbcUrl());

    HikariConfig pool = new HikariConfig();
    pool.setPoolName("videoagent-sqlite");
    pool.setDataSource(sqlite);
    // SQLite runs one writer at a time; a few connections cover concurrent readers.
    pool.setMaximumPoolSize(4);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(SQLITE_BUSY_TIMEOUT.toMillis());
    return new HikariDataSource(pool);
  }

  private static HikariDataSource postgresPool(DatabaseUrl url) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("videoagent-postgresql");
    pool.setDriverClassName("org.postgresql.Driver");
    pool.setJdbcUrl(url.jdbcUrl());
    pool.setUsername(url.user());
    pool.setPassword(url.password());
    pool.addDataSourceProperty("ApplicationName", "videoagent");
    pool.setMaximumPoolSize(10);
    // A CLI run needs one or two connections; the service's pool grows on demand.
    pool.setMinimumIdle(2);
    pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    return new HikariDataSource(pool);
  }

  public JobRepository jobs() {
    return jobs;
  }

  public ClientKeyRepository clientKeys() {
    return clientKeys;
  }

  public Dialect dialect() {
    return url.dialect();
  }

  /**
   * Whether the database answers a trivial query within about two seconds. Never throws; false
   * after {@link #close()}. Waits longer only when every pooled connection is busy.
   */
  public boolean isHealthy() {
    if (closed) {
      return false;
    }
    try {
      return jdbi.withHandle(
          handle ->
              handle
                      .createQuery("SELECT 1")
                      .setQueryTimeout((int) HEALTH_QUERY_TIMEOUT.toSeconds())
                      .mapTo(Integer.class)
                      .one()
                  == 1);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The JDBI instance behind the repositories; for tests in this package. */
  Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() {
    closed = true;
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  /** Where the database is, without credentials. */
  @Override
  public String toString() {
    return url.description();
  }
}
