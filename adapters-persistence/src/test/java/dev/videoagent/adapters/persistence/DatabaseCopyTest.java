package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.StoredClientKey;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.testing.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code db copy} from a SQLite file into a real PostgreSQL database, and back. */
@ExtendWith(PostgresServer.Extension.class)
class DatabaseCopyTest {
  /** More than two of the copy's pages. */
  private static final int JOBS = 600;

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path folder;
  private PostgresServer server;

  @BeforeEach
  void server(PostgresServer server) {
    this.server = server;
  }

  @Test
  void everyTableOfTheSchemaIsHandledByTheCopyExactlyOnce() throws Exception {
    List<String> listed = DatabaseCopy.TABLES.stream().map(DatabaseCopy.Table::name).toList();
    assertThat(listed).doesNotHaveDuplicates();
    try (Database sqlite = Database.open(sqliteUrl("schema.db"));
        Database postgres = Database.open(server.newDatabaseUrl())) {
      for (Database database : List.of(sqlite, postgres)) {
        Set<String> tables =
            database.jdbi().withHandle(handle -> DatabaseCopy.tables(handle.getConnection()));
        assertThat(tables)
            .as("the tables of the %s; each must be listed in DatabaseCopy.TABLES", database)
            .containsExactlyInAnyOrderElementsOf(listed);
      }
    }
  }

  @Test
  void copiesEveryJobItsMetadataAndKeysVerifiedAndASecondRunChangesNothing() {
    String target = server.newDatabaseUrl();
    try (Database source = Database.open(sqliteUrl("videoagent.db"))) {
      fill(source);
      Map<String, VideoJob> before = allJobs(source.jobs());

      List<JobEvent> events = allEvents(source.jobs());
      assertThat(events).hasSizeGreaterThan(500); // past one page of the copy

      DatabaseCopy.Report first;
      try (Database postgres = Database.open(target)) {
        first = DatabaseCopy.copy(source, postgres);
        assertThat(allJobs(postgres.jobs())).isEqualTo(before);
        assertThat(allEvents(postgres.jobs())).isEqualTo(events);
        assertThat(postgres.jobs().lastEventSeq()).isEqualTo(source.jobs().lastEventSeq());
        assertThat(postgres.jobs().countByStatus()).isEqualTo(source.jobs().countByStatus());
        assertThat(postgres.jobs().findByIdempotencyKey("acme", "key-7"))
            .contains(before.get(TestJobs.id(7)));
        assertThat(postgres.clientKeys().findByHash(hash(3)))
            .contains(new StoredClientKey("tenant-3", hash(3), NOW));
      }
      assertThat(first.changedNothing()).isFalse();
      assertThat(first.tables())
          .extracting(
              DatabaseCopy.TableCopy::table,
              DatabaseCopy.TableCopy::rows,
              DatabaseCopy.TableCopy::copied,
              DatabaseCopy.TableCopy::alreadyThere)
          .containsExactly(
              tuple("jobs", (long) JOBS, (long) JOBS, 0L),
              tuple("job_metadata", 2L * JOBS, 2L * JOBS, 0L),
              tuple("client_keys", 5L, 5L, 0L),
              // The tenant's day and the deployment's.
              tuple("usage_days", 2L, 2L, 0L),
              tuple("usage_failures", 0L, 0L, 0L),
              tuple("tenant_limits", 0L, 0L, 0L),
              tuple("job_events", (long) events.size(), (long) events.size(), 0L),
              tuple("webhook_secrets", 1L, 1L, 0L),
              tuple("webhook_endpoints", 2L, 2L, 0L),
              tuple("webhook_deliveries", 0L, 0L, 0L));
      long lastSeq = events.get(events.size() - 1).seq();
      assertThat(first.sequences()).containsExactly("job_events.seq continues after " + lastSeq);

      try (Database postgres = Database.open(target)) {
        DatabaseCopy.Report second = DatabaseCopy.copy(source, postgres);
        assertThat(second.changedNothing()).isTrue();
        assertThat(second.tables())
            .allSatisfy(table -> assertThat(table.alreadyThere()).isEqualTo(table.rows()));
        assertThat(second.tables())
            .extracting(DatabaseCopy.TableCopy::checksum)
            .isEqualTo(first.tables().stream().map(DatabaseCopy.TableCopy::checksum).toList());
        assertThat(second.sequences()).isEmpty();
        assertThat(allJobs(postgres.jobs())).isEqualTo(before);

        // The target's own next event comes after every copied one.
        VideoJob job = postgres.jobs().findById(TestJobs.id(1)).orElseThrow();
        postgres.jobs().update(job.canceled(NOW)).orElseThrow();
        List<JobEvent> ofJob = postgres.jobs().events(EventQuery.job(job.id(), 0, 10));
        JobEvent canceled = ofJob.get(ofJob.size() - 1);
        assertThat(canceled.type()).isEqualTo(JobEventType.CANCELED);
        assertThat(canceled.seq()).isEqualTo(lastSeq + 1);

        // And back: PostgreSQL's booleans and numbers read the same into a new SQLite file.
        try (Database back = Database.open(sqliteUrl("back.db"))) {
          DatabaseCopy.copy(postgres, back);
          // What PostgreSQL holds now: the copied jobs, one of them since canceled there.
          assertThat(allJobs(back.jobs())).isEqualTo(allJobs(postgres.jobs()));
          assertThat(back.webhooks().endpoints("acme"))
              .isEqualTo(source.webhooks().endpoints("acme"));
          assertThat(back.webhooks().secrets("acme")).isEqualTo(source.webhooks().secrets("acme"));
          assertThat(allEvents(back.jobs())).isEqualTo(allEvents(postgres.jobs()));
          VideoJob there = back.jobs().findById(TestJobs.id(2)).orElseThrow();
          back.jobs().update(there.canceled(NOW)).orElseThrow();
          assertThat(back.jobs().lastEventSeq()).isEqualTo(canceled.seq() + 1);
        }
      }
    }
  }

  @Test
  void refusesATargetHoldingOtherDataForTheSameIdAndWritesNothing() {
    try (Database source = Database.open(sqliteUrl("videoagent.db"));
        Database postgres = Database.open(server.newDatabaseUrl())) {
      fill(source);
      VideoJob other =
          VideoJob.create(
              TestJobs.id(500),
              "acme",
              VideoRequest.of("a different prompt"),
              null,
              "tok-other",
              NOW,
              NOW.plus(Duration.ofHours(2)));
      postgres.jobs().insert(other);

      assertThatThrownBy(() -> DatabaseCopy.copy(source, postgres))
          .isInstanceOf(DatabaseCopy.TargetDiffers.class)
          .hasMessageContaining("jobs")
          .hasMessageContaining(TestJobs.id(500))
          .hasMessageContaining("changes nothing");

      assertThat(allJobs(postgres.jobs())).containsOnlyKeys(TestJobs.id(500));
      assertThat(postgres.clientKeys().findByHash(hash(1))).isEmpty();
    }
  }

  private void fill(Database database) {
    JobRepository jobs = database.jobs();
    for (int i = 0; i < JOBS; i++) {
      VideoJob job = jobs.insert(TestJobs.pendingWithKey(TestJobs.id(i), "acme", "key-" + i, NOW));
      if (i % 10 != 9) {
        VideoJob marked = jobs.update(job.submissionStarted(NOW, NOW)).orElseThrow();
        jobs.update(marked.acceptedByGateway("req-" + i, i % 2 == 0, NOW, NOW.plusSeconds(5)))
            .orElseThrow();
      }
    }
    for (int i = 0; i < 5; i++) {
      database.clientKeys().add(new StoredClientKey("tenant-" + i, hash(i), NOW));
    }
    // Endpoints and signing secrets move too: a disabled one keeps its flag across the dialects.
    database
        .webhooks()
        .secretsIfAbsent(
            "acme",
            dev.videoagent.core.SigningSecrets.of(
                dev.videoagent.core.WebhookSecret.generate(new java.security.SecureRandom())),
            NOW);
    database
        .webhooks()
        .addEndpoint(
            new dev.videoagent.core.WebhookEndpoint(
                "wh_a", "acme", java.net.URI.create("https://h.example/a"), Set.of(), true, NOW));
    database
        .webhooks()
        .addEndpoint(
            new dev.videoagent.core.WebhookEndpoint(
                "wh_b",
                "acme",
                java.net.URI.create("https://h.example/b"),
                Set.of(dev.videoagent.core.JobEventType.STORED),
                false,
                NOW));
  }

  private static Map<String, VideoJob> allJobs(JobRepository jobs) {
    Map<String, VideoJob> all = new java.util.TreeMap<>();
    String cursor = null;
    do {
      var page = jobs.list(new JobQuery(null, null, 100, cursor));
      page.jobs().forEach(job -> all.put(job.id(), job));
      cursor = page.nextAfterId();
    } while (cursor != null);
    return all;
  }

  private static List<JobEvent> allEvents(JobRepository jobs) {
    List<JobEvent> all = new java.util.ArrayList<>();
    long after = 0;
    while (true) {
      List<JobEvent> page = jobs.events(EventQuery.all(after, EventQuery.MAX_LIMIT));
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
  }

  private static String hash(int i) {
    return String.format("%064x", i);
  }

  private String sqliteUrl(String file) {
    return "jdbc:sqlite:" + folder.resolve(file);
  }
}
