package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.testing.TestJobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {
  /** Every migration the product ships, in order: a new one is added here once. */
  private static final String[] SHIPPED_MIGRATIONS = {"1", "2", "3", "6", "7", "8", "9", "10"};

  /** The jobs columns added after V6 (by V8 and V9): a V6 schema has none of them. */
  private static final java.util.Set<String> AFTER_V6_COLUMNS =
      java.util.Set.of(
          "canceled_by",
          "settled_by_callback",
          "callback_window_until",
          "callback_request_id",
          "accepted_at",
          "status_since",
          "estimated_completion_at",
          "stalled_since");

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path folder;

  private String url(Path file) {
    return "jdbc:sqlite:" + file;
  }

  @Test
  void everyPooledConnectionUsesWalForeignKeysABusyTimeoutAndNormalSync() {
    try (Database database = Database.open(url(folder.resolve("va.db")))) {
      assertThat(database.dialect()).isEqualTo(Dialect.SQLITE);
      List<Handle> handles = new ArrayList<>();
      try {
        // Held at once, so these are four different connections: the whole pool.
        for (int i = 0; i < 4; i++) {
          handles.add(database.jdbi().open());
        }
        for (Handle handle : handles) {
          assertThat(pragma(handle, "journal_mode")).isEqualTo("wal");
          assertThat(pragma(handle, "foreign_keys")).isEqualTo("1");
          assertThat(pragma(handle, "busy_timeout")).isEqualTo("10000");
          assertThat(pragma(handle, "synchronous")).isEqualTo("2");
        }
      } finally {
        handles.forEach(Handle::close);
      }
    }
  }

  @Test
  void foreignKeysAreEnforced() {
    try (Database database = Database.open(url(folder.resolve("va.db")))) {
      assertThatThrownBy(
              () ->
                  database
                      .jdbi()
                      .useTransaction(
                          handle ->
                              handle.execute(
                                  "INSERT INTO job_metadata (job_id, key, value)"
                                      + " VALUES ('vid_missing', 'k', 'v')")))
          .hasMessageContaining("FOREIGN KEY constraint failed");
    }
  }

  @Test
  void migrationsRunOnceAndReopeningIsANoOp() {
    Path file = folder.resolve("va.db");
    VideoJob stored;
    try (Database first = Database.open(url(file))) {
      stored = first.jobs().insert(TestJobs.pendingWithKey(TestJobs.id(1), "acme", "k", T0));
      assertThat(appliedMigrations(first)).containsExactly(SHIPPED_MIGRATIONS);
    }
    try (Database second = Database.open(url(file))) {
      assertThat(appliedMigrations(second)).containsExactly(SHIPPED_MIGRATIONS);
      assertThat(second.jobs().findById(stored.id())).contains(stored);
    }
  }

  @Test
  void aDatabaseOfTheFieldsSchemaIsUpgradedWithItsJobsInPlace() {
    Path file = folder.resolve("va.db");
    // What an earlier release left on disk: the schema databases in the field have (V6), with
    // jobs waiting and at work, written with that schema's columns.
    Flyway.configure()
        .dataSource(url(file), null, null)
        .locations(Dialect.SQLITE.migrationLocation())
        .target("6")
        .load()
        .migrate();
    VideoJob waiting = TestJobs.pending(TestJobs.id(1), "acme", T0);
    VideoJob atWork =
        TestJobs.pending(TestJobs.id(2), "acme", T0)
            .submissionStarted(T0, T0.plusSeconds(60))
            .acceptedByGateway("r2", false, T0, T0.plusSeconds(5));
    VideoJob canceled = TestJobs.pending(TestJobs.id(3), "acme", T0).canceled(T0);
    Jdbi old = Jdbi.create(url(file));
    for (VideoJob job : List.of(waiting, atWork, canceled)) {
      List<JobColumns.Column<?>> v6 =
          JobColumns.ALL.stream().filter(c -> !AFTER_V6_COLUMNS.contains(c.name())).toList();
      String sql =
          "INSERT INTO jobs ("
              + String.join(", ", v6.stream().map(JobColumns.Column::name).toList())
              + ") VALUES ("
              + String.join(", ", v6.stream().map(JobColumns.Column::parameter).toList())
              + ")";
      old.useHandle(h -> JobColumns.Row.of(job).bind(h.createUpdate(sql), v6).execute());
    }

    try (Database upgraded = Database.open(url(file))) {
      assertThat(appliedMigrations(upgraded)).containsExactly(SHIPPED_MIGRATIONS);
      assertThat(upgraded.jobs().findSubmissionQueue(T0.plusSeconds(10), 10))
          .containsExactly(waiting);
      assertThat(upgraded.jobs().findDueWork(T0.plusSeconds(10), 10)).containsExactly(atWork);
      assertThat(upgraded.jobs().findById(canceled.id()).orElseThrow().canceledBy())
          .isEqualTo(dev.videoagent.core.CanceledBy.USER);
    }
  }

  @Test
  void twoDatabasesOnOneFileSeeEachOthersWritesAndOneCompareAndSetWins() throws Exception {
    Path file = folder.resolve("va.db");
    try (Database cli = Database.open(url(file));
        Database service = Database.open(url(file))) {
      VideoJob stored = cli.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
      assertThat(service.jobs().findById(stored.id())).contains(stored);

      int writers = 8;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Optional<VideoJob>>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          Database database = i % 2 == 0 ? cli : service;
          Instant until = T0.plusSeconds(100 + i);
          Callable<Optional<VideoJob>> claim =
              () -> {
                start.await();
                return database.jobs().update(stored.claimedUntil(until, T0));
              };
          results.add(pool.submit(claim));
        }
        start.countDown();
        List<VideoJob> winners = new ArrayList<>();
        for (Future<Optional<VideoJob>> result : results) {
          result.get(30, TimeUnit.SECONDS).ifPresent(winners::add);
        }
        assertThat(winners).hasSize(1);
        assertThat(cli.jobs().findById(stored.id())).contains(winners.get(0));
        assertThat(service.jobs().findById(stored.id())).contains(winners.get(0));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void threadsOpeningANewFileAtOnceMigrateItOnce() throws Exception {
    Path file = folder.resolve("va.db");
    int openers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(openers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Database>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < openers; i++) {
        opened.add(
            pool.submit(
                () -> {
                  start.await();
                  return Database.open(url(file));
                }));
      }
      start.countDown();
      List<Database> databases = new ArrayList<>();
      for (Future<Database> future : opened) {
        databases.add(future.get(60, TimeUnit.SECONDS));
      }
      for (int i = 0; i < databases.size(); i++) {
        databases.get(i).jobs().insert(TestJobs.pending(TestJobs.id(i), "acme", T0));
      }
      assertThat(appliedMigrations(databases.get(0))).containsExactly(SHIPPED_MIGRATIONS);
      assertThat(databases.get(0).jobs().countByStatus().values().stream().mapToLong(n -> n).sum())
          .isEqualTo(openers);
      databases.forEach(Database::close);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void processesOpeningANewFileAtOnceMigrateItOnce() throws Exception {
    Path file = folder.resolve("shared").resolve("va.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  OpenDatabaseMain.class.getName(),
                  url(file),
                  TestJobs.id(i))
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("process-" + i + ".log").toFile())
              .start());
    }
    for (Process process : processes) {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue())
          .as(
              "exit code; log: %s",
              Files.readString(
                  folder.resolve("process-" + (processes.indexOf(process) + 1) + ".log")))
          .isZero();
    }
    try (Database database = Database.open(url(file))) {
      assertThat(appliedMigrations(database)).containsExactly(SHIPPED_MIGRATIONS);
      for (int i = 1; i <= 3; i++) {
        assertThat(database.jobs().findById(TestJobs.id(i))).isPresent();
      }
    }
  }

  @Test
  void createsItsFolderAndFilesOwnerOnly() throws IOException {
    Path file = folder.resolve("home").resolve("data").resolve("va.db");
    try (Database database = Database.open(url(file))) {
      database.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
      assertThat(permissions(folder.resolve("home"))).isEqualTo("rwx------");
      assertThat(permissions(file.getParent())).isEqualTo("rwx------");
      assertThat(permissions(file)).isEqualTo("rw-------");
      // SQLite creates these beside the database while connections are open.
      assertThat(permissions(file.resolveSibling("va.db-wal"))).isEqualTo("rw-------");
      assertThat(permissions(file.resolveSibling("va.db-shm"))).isEqualTo("rw-------");
      assertThat(permissions(file.resolveSibling("va.db.lock"))).isEqualTo("rw-------");
    }
  }

  @Test
  void anExistingFolderKeepsItsPermissions() throws IOException {
    Path shared = Files.createDirectory(folder.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));
    try (Database database = Database.open(url(shared.resolve("va.db")))) {
      assertThat(database.isHealthy()).isTrue();
      assertThat(permissions(shared)).isEqualTo("rwxr-x---");
      assertThat(permissions(shared.resolve("va.db"))).isEqualTo("rw-------");
    }
  }

  @Test
  void aMalformedUrlIsRefusedWithASentenceNamingTheVariable() {
    assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIDEOAGENT_DB");
    assertThatThrownBy(() -> Database.open("postgres://localhost/videos"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIDEOAGENT_DB");
  }

  @Test
  void aFileThatCannotBeCreatedIsAnIllegalState() throws IOException {
    Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");
    assertThatThrownBy(() -> Database.open(url(notAFolder.resolve("va.db"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Could not open the SQLite database " + notAFolder.resolve("va.db"));
  }

  @Test
  void isHealthyUntilClosed() {
    Database database = Database.open(url(folder.resolve("va.db")));
    assertThat(database.isHealthy()).isTrue();
    database.close();
    assertThat(database.isHealthy()).isFalse();
  }

  @Test
  void describesItselfByItsFile() {
    Path file = folder.resolve("va.db");
    try (Database database = Database.open(url(file))) {
      assertThat(database).hasToString("SQLite database " + file);
    }
  }

  private static String pragma(Handle handle, String name) {
    return handle.createQuery("PRAGMA " + name).mapTo(String.class).one();
  }

  private static List<String> appliedMigrations(Database database) {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT version FROM flyway_schema_history"
                            + " WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank")
                    .mapTo(String.class)
                    .list());
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
