package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.Orientation;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.testing.TestJobs;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBI repository does beyond the shared contract, checked on both databases: the
 * relational metadata, millisecond instants, the trigger-kept status counts.
 */
abstract class JdbiJobRepositoryBehaviour {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123Z");

  private Database database;

  /** A new, empty database. */
  abstract Database openDatabase();

  private JobRepository jobs() {
    database = openDatabase();
    return database.jobs();
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void metadataOfAWholePageIsReadWithOneExtraQuery() {
    JobRepository jobs = jobs();
    List<VideoJob> inserted = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("campaign", "launch " + i);
      metadata.put("empty", "");
      metadata.put("ünïcødé key", "värde ✓ " + "x".repeat(490));
      VideoRequest request =
          new VideoRequest(
              "prompt " + i,
              null,
              "voice_" + i,
              i % 2 == 0 ? Orientation.LANDSCAPE : null,
              i == 3 ? Map.of() : metadata,
              i == 4 ? URI.create("http://127.0.0.1:9/hook?a=1&b=%20") : null);
      inserted.add(
          jobs.insert(
              VideoJob.create(
                  TestJobs.id(i), "acme", request, null, "tok", T0, T0.plusSeconds(60))));
    }
    AtomicInteger statements = new AtomicInteger();
    database.jdbi().setSqlLogger(new CountingLogger(statements));

    List<VideoJob> page = jobs.list(new JobQuery("acme", null, 10, null)).jobs();
    List<VideoJob> newestFirst = new ArrayList<>(inserted);
    Collections.reverse(newestFirst);

    assertThat(statements).hasValue(2);
    assertThat(page).containsExactlyElementsOf(newestFirst);
    assertThat(page.get(4).request().metadata()).containsEntry("empty", "");
    assertThat(page.get(2).request().metadata()).isEmpty();
  }

  @Test
  void aDuplicateIdLeavesTheStoredJobAndItsMetadataAlone() {
    JobRepository jobs = jobs();
    VideoJob first = jobs.insert(TestJobs.pendingWithKey(TestJobs.id(1), "acme", "k1", T0));
    VideoJob clash =
        VideoJob.create(
            TestJobs.id(1),
            "acme",
            new VideoRequest("other", null, null, null, Map.of("other", "x"), null),
            "k2",
            "tok",
            T0,
            T0.plusSeconds(60));

    assertThatThrownBy(() -> jobs.insert(clash))
        .isInstanceOf(DuplicateJobException.class)
        .hasMessageContaining(TestJobs.id(1))
        .hasCauseInstanceOf(RuntimeException.class)
        .hasRootCauseInstanceOf(SQLException.class);
    assertThat(jobs.findById(first.id())).contains(first);
    assertThat(jobs.findByIdempotencyKey("acme", "k2")).isEmpty();
  }

  @Test
  void instantsAreKeptToTheMillisecondAndWhatIsReturnedIsWhatIsStored() {
    JobRepository jobs = jobs();
    Instant now = Instant.parse("2026-11-26T10:00:00.123456789Z");
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", now));
    assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00.123Z"));
    assertThat(jobs.findById(stored.id())).contains(stored);

    VideoJob updated =
        jobs.update(stored.submissionStarted(now.plusNanos(1), now.plusSeconds(1))).orElseThrow();
    assertThat(updated.submitStartedAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00.123Z"));
    assertThat(jobs.findById(stored.id())).contains(updated);
  }

  @Test
  void statusCountsFollowEveryInsertAndTransition() {
    JobRepository jobs = jobs();
    List<VideoJob> current = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      current.add(jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0)));
    }
    for (int i = 0; i < current.size(); i++) {
      VideoJob job = current.get(i);
      Instant at = T0.plusSeconds(i);
      VideoJob next =
          switch (i % 4) {
            case 0 -> job.canceled(at);
            case 1 ->
                job.submissionStarted(at, at.plusSeconds(9))
                    .acceptedByGateway("r" + i, false, at, at.plusSeconds(5))
                    .stillRunning(JobStatus.PROCESSING, at, at.plusSeconds(5));
            case 2 ->
                job.failed(ErrorCode.GATEWAY_REJECTED, "no", at)
                    .reopenForRetry(at, at.plus(Duration.ofHours(1)));
            default -> job;
          };
      current.set(i, jobs.update(next).orElseThrow());
    }

    Map<JobStatus, Long> expected = new EnumMap<>(JobStatus.class);
    for (JobStatus status : JobStatus.values()) {
      expected.put(status, current.stream().filter(j -> j.status() == status).count());
    }
    assertThat(jobs.countByStatus()).isEqualTo(expected);
    assertThat(countedByScan()).isEqualTo(expected);
  }

  @Test
  void theLastPageOfExactlyTheLimitHasNoCursorAndAfterTheOldestNothingIsLeft() {
    JobRepository jobs = jobs();
    for (int i = 1; i <= 4; i++) {
      jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0));
    }
    var first = jobs.list(new JobQuery(null, JobStatus.PENDING, 2, null));
    assertThat(first.jobs())
        .extracting(VideoJob::id)
        .containsExactly(TestJobs.id(4), TestJobs.id(3));
    var second = jobs.list(new JobQuery(null, JobStatus.PENDING, 2, first.nextAfterId()));
    assertThat(second.jobs())
        .extracting(VideoJob::id)
        .containsExactly(TestJobs.id(2), TestJobs.id(1));
    assertThat(second.nextAfterId()).isNull();
    assertThat(jobs.list(new JobQuery(null, null, 5, TestJobs.id(1))).jobs()).isEmpty();
  }

  @Test
  void theRowMappingNamesEveryColumnOfTheTableExactlyOnce() throws Exception {
    jobs();
    List<String> table =
        database
            .jdbi()
            .withHandle(
                handle -> {
                  try (Statement statement = handle.getConnection().createStatement();
                      ResultSet rs = statement.executeQuery("SELECT * FROM jobs WHERE 1 = 0")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> names = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                      names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                    }
                    return names;
                  }
                });
    List<String> mapped = JobColumns.ALL.stream().map(JobColumns.Column::name).toList();

    assertThat(mapped).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(table);
    assertThat(JobColumns.FIXED).doesNotContainAnyElementsOf(JobColumns.CHANGING);
  }

  @Test
  void anUnreadableStatusInTheDatabaseIsReportedNamingTheColumnAndTheJob() throws Exception {
    JobRepository jobs = jobs();
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    database
        .jdbi()
        .useTransaction(
            handle -> {
              // Past the CHECK constraint, as a database written by a newer version could be.
              if (handle.getConnection().getMetaData().getURL().startsWith("jdbc:sqlite")) {
                handle.execute("PRAGMA ignore_check_constraints = true");
              } else {
                handle.execute("ALTER TABLE jobs DROP CONSTRAINT jobs_status_check");
              }
              handle.execute("UPDATE jobs SET status = 'paused' WHERE id = ?", stored.id());
            });

    assertThatThrownBy(() -> jobs.findById(stored.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("status")
        .hasMessageContaining(stored.id())
        .hasMessageContaining("paused");
  }

  private Map<JobStatus, Long> countedByScan() {
    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
    for (JobStatus status : JobStatus.values()) {
      counts.put(status, 0L);
    }
    database
        .jdbi()
        .useHandle(
            handle ->
                handle
                    .createQuery("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
                    .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                    .forEach(
                        e ->
                            counts.put(
                                JobStatus.fromWire(e.getKey()).orElseThrow(), e.getValue())));
    return counts;
  }

  private record CountingLogger(AtomicInteger statements) implements SqlLogger {
    @Override
    public void logAfterExecution(StatementContext context) {
      statements.incrementAndGet();
    }
  }
}
