package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.testing.TestJobs;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(PostgresServer.Extension.class)
class PostgresDatabaseTest {
  /** Every migration the product ships, in order: a new one is added here once. */
  private static final String[] SHIPPED_MIGRATIONS = {
    "1", "2", "3", "6", "7", "8", "9", "10", "11"
  };

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final String PASSWORD = "Sup3r-secret-pw";

  @Test
  void opensMigratesAndIsHealthyUntilClosed(PostgresServer server) {
    String url = server.newDatabaseUrl();
    Database database = Database.open(url);
    assertThat(database.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(appliedMigrations(database)).containsExactly(SHIPPED_MIGRATIONS);
    assertThat(database.isHealthy()).isTrue();
    database.close();
    assertThat(database.isHealthy()).isFalse();

    try (Database again = Database.open(url)) {
      assertThat(appliedMigrations(again)).containsExactly(SHIPPED_MIGRATIONS);
    }
  }

  @Test
  void usesAHostsOwnPoolAndLeavesItOpen(PostgresServer server) throws Exception {
    org.postgresql.ds.PGSimpleDataSource host = new org.postgresql.ds.PGSimpleDataSource();
    host.setUrl(server.newDatabaseUrl());
    Database database = Database.open(host, Dialect.POSTGRESQL);
    VideoJob stored =
        database.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", Instant.now()));
    assertThat(database.jobs().findById(stored.id())).contains(stored);
    assertThat(database.toString()).contains("host-provided");
    assertThat(database.isHealthy()).isTrue();

    database.close();

    assertThat(database.isHealthy()).isFalse();
    try (java.sql.Connection connection = host.getConnection()) {
      assertThat(connection.isValid(2)).as("the host's pool is the host's to close").isTrue();
    }
    // Opening again migrates nothing twice.
    assertThat(Database.open(host, Dialect.POSTGRESQL).jobs().findById(stored.id())).isPresent();
  }

  @Test
  void twoDatabasesOpeningANewDatabaseAtOnceMigrateItOnce(PostgresServer server) throws Exception {
    String url = server.newDatabaseUrl();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Database>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        opened.add(
            pool.submit(
                () -> {
                  start.await();
                  return Database.open(url);
                }));
      }
      start.countDown();
      List<Database> databases = new ArrayList<>();
      for (Future<Database> future : opened) {
        databases.add(future.get(60, TimeUnit.SECONDS));
      }
      VideoJob stored = databases.get(0).jobs().insert(TestJobs.pending(TestJobs.id(1), "a", T0));
      assertThat(databases.get(2).jobs().findById(stored.id())).contains(stored);
      assertThat(appliedMigrations(databases.get(1))).containsExactly(SHIPPED_MIGRATIONS);
      databases.forEach(Database::close);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void passwordsNeverReachTheLogsOrMessages(PostgresServer server) throws IOException {
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    ListAppender<ILoggingEvent> slf4jEvents = new ListAppender<>();
    slf4jEvents.start();
    root.addAppender(slf4jEvents);
    root.setLevel(Level.TRACE);
    // pgjdbc logs through java.util.logging.
    java.util.logging.Logger driverLogger = java.util.logging.Logger.getLogger("org.postgresql");
    java.util.logging.Level driverLevel = driverLogger.getLevel();
    List<String> driverLines = new ArrayList<>();
    Handler driverHandler = new CollectingHandler(driverLines);
    driverLogger.addHandler(driverHandler);
    driverLogger.setLevel(java.util.logging.Level.ALL);
    String withPassword = server.newDatabaseUrl() + "&password=" + PASSWORD;
    try {
      try (Database database = Database.open(withPassword)) {
        database.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
        assertThat(database.isHealthy()).isTrue();
        assertThat(database.toString()).startsWith("PostgreSQL database videoagent_test_");
        assertThat(database.toString()).doesNotContain(PASSWORD);
      }
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      assertThatThrownBy(
              () ->
                  Database.open(
                      "jdbc:postgresql://127.0.0.1:"
                          + closedPort
                          + "/videos?user=postgres&password="
                          + PASSWORD))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Could not open the PostgreSQL database videos at 127.0.0.1:")
          .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(PASSWORD));
    } finally {
      root.detachAppender(slf4jEvents);
      root.setLevel(rootLevel);
      driverLogger.removeHandler(driverHandler);
      driverLogger.setLevel(driverLevel);
    }
    assertThat(slf4jEvents.list).isNotEmpty();
    assertThat(driverLines).isNotEmpty();
    for (ILoggingEvent event : slf4jEvents.list) {
      assertThat(event.getFormattedMessage()).doesNotContain(PASSWORD);
      if (event.getThrowableProxy() != null) {
        assertThat(event.getThrowableProxy().getMessage()).doesNotContain(PASSWORD);
      }
    }
    assertThat(driverLines).noneMatch(line -> line.contains(PASSWORD));
  }

  private static String stackTraceOf(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }

  private static List<String> appliedMigrations(Database database) {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT version FROM flyway_schema_history"
                            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                    .mapTo(String.class)
                    .list());
  }

  /** Keeps pgjdbc's java.util.logging records as text. */
  private static final class CollectingHandler extends Handler {
    private final List<String> lines;
    private final SimpleFormatter formatter = new SimpleFormatter();

    CollectingHandler(List<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void publish(LogRecord record) {
      lines.add(formatter.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
