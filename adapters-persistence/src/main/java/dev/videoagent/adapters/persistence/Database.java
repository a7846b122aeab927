package dev.videoagent.adapters.persistence;

import dev.videoagent.core.DailyCaps;
import dev.videoagent.core.port.CallTokens;
import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.UsageRepository;
import dev.videoagent.core.port.WebhookRepository;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
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

  /** SQLite runs one writer at a time; a few connections cover concurrent readers. */
  static final int SQLITE_CONNECTIONS = 4;

  /**
   * The most creates one SQLite transaction holds ({@link GroupCommit}): more than the requests a
   * service usually has in flight, few enough that the last of a group waits little for the rest.
   */
  static final int GROUPED_CREATES = 32;

  /** Connections to a PostgreSQL server per process when the caller does not say. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final Duration HEALTH_QUERY_TIMEOUT = Duration.ofSeconds(2);

  private final DatabaseUrl url;

  /** The connections this class opened and must close; null for a host's own data source. */
  private final AutoCloseable owned;

  private final Jdbi jdbi;

  /** The reads of a job by id, on the connections under {@link #jdbi} without a handle. */
  private final DirectStatements.Reads reads;

  private final CreateWrites creates;
  private final JdbiJobRepository jobs;
  private final JdbiClientKeyRepository clientKeys;
  private final JdbiWebhookRepository webhooks;
  private final JdbiUsage usage;
  private final EventPayloads payloads;
  private volatile boolean closed;

  private Database(
      DatabaseUrl url,
      Jdbi jdbi,
      DirectStatements.Reads reads,
      CreateWrites creates,
      AutoCloseable owned,
      EventPayloads payloads) {
    this.url = url;
    this.owned = owned;
    this.jdbi = jdbi;
    this.reads = reads;
    this.creates = creates;
    // A parameter bound but missing from the SQL is a bug in the statement: fail, do not ignore it.
    jdbi.getConfig(SqlStatements.class)
        .setUnusedBindingAllowed(false)
        .setSqlParser(new ColonParameters())
        .setTemplateEngine(new DefinedAttributes());
    this.jobs =
        new JdbiJobRepository(
            jdbi, reads, creates, url.dialect(), Objects.requireNonNull(payloads));
    this.clientKeys = new JdbiClientKeyRepository(jdbi);
    this.webhooks = new JdbiWebhookRepository(jdbi, url.dialect());
    this.usage = new JdbiUsage(jdbi);
    this.payloads = payloads;
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
    return open(jdbcUrl, new BareEventPayloads());
  }

  /**
   * As {@link #open(String)}, with at most {@code poolSize} connections to a PostgreSQL server
   * (SQLite keeps its own few connections: one writer at a time needs no more).
   *
   * @throws IllegalArgumentException also when {@code poolSize} is below 1
   */
  public static Database open(String jdbcUrl, int poolSize) {
    return open(jdbcUrl, new BareEventPayloads(), poolSize);
  }

  /**
   * Opens the database as {@link #open(String)} does, its change events carrying what {@code
   * payloads} renders: the product passes the job JSON users see.
   */
  public static Database open(String jdbcUrl, EventPayloads payloads) {
    return open(jdbcUrl, payloads, DEFAULT_POOL_SIZE);
  }

  /**
   * As {@link #open(String, EventPayloads)}, with at most {@code poolSize} PostgreSQL connections.
   */
  public static Database open(String jdbcUrl, EventPayloads payloads, int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
    }
    DatabaseUrl url = DatabaseUrl.parse(jdbcUrl);
    return url.dialect() == Dialect.SQLITE
        ? openSqlite(url, payloads)
        : openPostgres(url, payloads, poolSize);
  }

  private static Database openSqlite(DatabaseUrl url, EventPayloads payloads) {
    SQLiteDataSource source;
    try {
      source = sqliteSource(url);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Could not open the " + url + ": " + e.getMessage(), e);
    }
    try {
      Migrations.apply(source, url);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not migrate the " + url + ": " + e.getMessage(), e);
    }
    SqliteConnections connections;
    try {
      connections = new SqliteConnections(source, SQLITE_CONNECTIONS, SQLITE_BUSY_TIMEOUT);
    } catch (SQLException | RuntimeException e) {
      throw new IllegalStateException("Could not open the " + url + ": " + e.getMessage(), e);
    }
    Jdbi jdbi = Jdbi.create(connections);
    jdbi.setTransactionHandler(
        new SqliteWriterQueue(jdbi.getTransactionHandler(), SQLITE_BUSY_TIMEOUT));
    // Only transactions queue for the write lock, so a write outside one is refused.
    jdbi.addCustomizer(new WritesInTransactions());
    // The create's direct statements, prepared once per connection instead of inside every create.
    jdbi.setStatementBuilderFactory(KeptStatementBuilder.on(connections));
    // The creates waiting at one moment share a transaction and its commit.
    CreateWrites creates = new GroupCommit(jdbi, GROUPED_CREATES, SQLITE_BUSY_TIMEOUT);
    return new Database(
        url, jdbi, new KeptStatementReads(connections), creates, connections, payloads);
  }

  private static Database openPostgres(DatabaseUrl url, EventPayloads payloads, int poolSize) {
    PostgresPool pool;
    try {
      pool = PostgresPool.open(url, poolSize);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not open the " + url + ": " + e.getMessage(), e);
    }
    try {
      Migrations.apply(pool.dataSource(), url);
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException("Could not migrate the " + url + ": " + e.getMessage(), e);
    }
    ConnectionFactory connections = pool.dataSource()::getConnection;
    Jdbi jdbi = Jdbi.create(connections);
    return new Database(
        url, jdbi, DirectStatements.on(connections), CreateWrites.eachAlone(jdbi), pool, payloads);
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
    return open(dataSource, dialect, new BareEventPayloads());
  }

  /** Uses the host's pool as {@link #open(DataSource, Dialect)} does, with {@code payloads}. */
  public static Database open(DataSource dataSource, Dialect dialect, EventPayloads payloads) {
    Objects.requireNonNull(dataSource, "dataSource");
    DatabaseUrl url = DatabaseUrl.external(Objects.requireNonNull(dialect, "dialect"));
    try {
      Migrations.apply(dataSource, url);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not migrate the " + url + ": " + e.getMessage(), e);
    }
    ConnectionFactory connections = dataSource::getConnection;
    Jdbi jdbi = Jdbi.create(connections);
    return new Database(
        url, jdbi, DirectStatements.on(connections), CreateWrites.eachAlone(jdbi), null, payloads);
  }

  private static SQLiteDataSource sqliteSource(DatabaseUrl url) throws IOException {
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
    return sqlite;
  }

  public JobRepository jobs() {
    return jobs;
  }

  /**
   * The jobs as {@link #jobs()}, refusing a create or retry beyond the daily {@code caps} (or the
   * tenant's own daily limit) with {@link dev.videoagent.core.port.DailyLimitReachedException}.
   * Every process on the database should pass the same caps.
   */
  public JobRepository jobs(DailyCaps caps) {
    return new JdbiJobRepository(
        jdbi, reads, creates, url.dialect(), payloads, Objects.requireNonNull(caps));
  }

  /** The usage counters the jobs write, and the tenants' own limits. */
  public UsageRepository usage() {
    return usage;
  }

  public ClientKeyRepository clientKeys() {
    return clientKeys;
  }

  /** The webhook outbox: signing secrets, endpoints and deliveries. */
  public WebhookRepository webhooks() {
    return webhooks;
  }

  /**
   * The gateway call rate's tokens, shared by every process on this database: {@code perSecond}
   * calls a second for all of them together, with bursts of one second's worth. Every process
   * should pass the same rate.
   */
  public CallTokens callTokens(double perSecond) {
    return new JdbiCallTokens(jdbi, url.dialect(), perSecond);
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

  /** Closes the connections this class opened (a host's own pool stays open). */
  @Override
  public void close() {
    closed = true;
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("Could not close the " + url + ": " + e.getMessage(), e);
      }
    }
  }

  /** Where the database is, without credentials. */
  @Override
  public String toString() {
    return url.description();
  }
}
