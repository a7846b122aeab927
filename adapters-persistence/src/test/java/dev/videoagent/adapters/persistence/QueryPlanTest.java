package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.testing.TestJobs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot queries read a small range of an index, never the whole table, so they stay fast with a
 * million jobs. Checked against the plans the databases choose without gathered statistics, as in
 * production.
 */
class QueryPlanTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  /**
   * A query, its named parameters or (for a statement run directly) its positional ones, and the
   * index that must serve it.
   */
  private record Case(
      String name,
      String sql,
      Map<String, Object> parameters,
      List<Object> positional,
      String index) {
    Case(String name, String sql, Map<String, Object> parameters, String index) {
      this(name, sql, parameters, List.of(), index);
    }

    Query bound(Query query) {
      query.bindMap(parameters);
      for (int i = 0; i < positional.size(); i++) {
        query.bind(i, positional.get(i));
      }
      return query;
    }
  }

  private static List<Case> cases() {
    return List.of(
        due("findDueWork", JdbiJobRepository.FIND_DUE_WORK, "jobs_due_work"),
        due(
            "findDueWork (expired pending)",
            JdbiJobRepository.FIND_EXPIRED_PENDING,
            "jobs_pending_by_deadline"),
        due(
            "findSubmissionQueue",
            JdbiJobRepository.FIND_SUBMISSION_QUEUE,
            "jobs_submission_queue"),
        new Case(
            "backlog (due work)", JdbiJobRepository.BACKLOG, Map.of("now", 1L), "jobs_due_work"),
        new Case(
            "backlog (expiries)",
            JdbiJobRepository.BACKLOG,
            Map.of("now", 1L),
            "jobs_pending_by_deadline"),
        new Case(
            "backlog (submissions)",
            JdbiJobRepository.BACKLOG,
            Map.of("now", 1L),
            "jobs_submission_queue"),
        new Case(
            "markSubmission (the job)", JdbiJobRepository.MARK_SUBMISSION, markParameters(), "pk"),
        new Case(
            "markSubmission (the slots taken)",
            JdbiJobRepository.MARK_SUBMISSION,
            markParameters(),
            "jobs_with_attempt_mark"),
        new Case(
            "backlog (attempt marks)",
            JdbiJobRepository.BACKLOG,
            Map.of("now", 1L),
            "jobs_with_attempt_mark"),
        new Case("findById", JdbiJobRepository.FIND_BY_ID, Map.of("id", "vid_1"), "pk"),
        new Case(
            "findById (with its metadata)",
            JdbiJobRepository.FIND_BY_ID_WITH_METADATA,
            Map.of(),
            List.of("vid_1"),
            "pk"),
        new Case("findStamp", JdbiJobRepository.FIND_STAMP, Map.of(), List.of("vid_1"), "pk"),
        new Case(
            "findByIdempotencyKey",
            JdbiJobRepository.FIND_BY_IDEMPOTENCY_KEY,
            Map.of("tenant", "tenant1", "key", "k"),
            "jobs_idempotency_key"),
        list("list by tenant", "tenant1", null, null, "jobs_by_tenant"),
        list("list by tenant, next page", "tenant1", null, TestJobs.id(30), "jobs_by_tenant"),
        list("list by status", null, JobStatus.PENDING, TestJobs.id(30), "jobs_by_status"),
        list(
            "list by tenant and status",
            "tenant1",
            JobStatus.PENDING,
            TestJobs.id(30),
            "jobs_by_tenant_and_status"),
        list("list all", null, null, null, "pk"),
        list("list all, next page", null, null, TestJobs.id(30), "pk"),
        new Case(
            "countInFlight (with the gateway)",
            JdbiJobRepository.COUNT_IN_FLIGHT,
            Map.of(),
            "jobs_by_status"),
        new Case(
            "countInFlight (attempt marks)",
            JdbiJobRepository.COUNT_IN_FLIGHT,
            Map.of(),
            "jobs_with_attempt_mark"));
  }

  /** Every parameter of the attempt mark's UPDATE, with values of the columns' types. */
  private static Map<String, Object> markParameters() {
    Map<String, Object> parameters = new HashMap<>();
    for (JobColumns.Column<?> column : JobColumns.CHANGING) {
      parameters.put(column.name(), sample(column.kind()));
    }
    parameters.put(JobColumns.ID.name(), "x");
    parameters.put(JobColumns.VERSION.name(), 1L);
    parameters.put("maxInFlight", 1);
    return parameters;
  }

  private static Object sample(JobColumns.Kind kind) {
    return switch (kind) {
      case TEXT -> "x";
      case INTEGER -> 1;
      case BIGINT -> 1L;
      case BOOLEAN -> false;
    };
  }

  private static Case due(String name, String sql, String index) {
    return new Case(name, sql, Map.of("now", 1L, "limit", 10), index);
  }

  private static Case list(
      String name, String tenant, JobStatus status, String afterId, String index) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("limit", 21);
    if (tenant != null) {
      parameters.put("tenant", tenant);
    }
    if (status != null) {
      parameters.put("status", status.wireName());
    }
    if (afterId != null) {
      parameters.put("afterId", afterId);
    }
    return new Case(
        name,
        JdbiJobRepository.listSql(new JobQuery(tenant, status, 20, afterId)),
        parameters,
        index);
  }

  private static void fill(Database database) {
    for (int i = 0; i < 60; i++) {
      database.jobs().insert(TestJobs.pending(TestJobs.id(i), "tenant" + (i % 3), T0));
    }
  }

  private static String plan(Database database, String explain, Case query, List<String> setUp) {
    return database
        .jdbi()
        .inTransaction(
            handle -> {
              setUp.forEach(handle::execute);
              return String.join(
                  "\n",
                  query
                      .bound(handle.createQuery(explain + " " + query.sql()))
                      .map((rs, ctx) -> rs.getString(1))
                      .list());
            });
  }

  @Nested
  class OnSqlite {
    @TempDir Path folder;
    private Database database;

    @BeforeEach
    void open() {
      database = Database.open("jdbc:sqlite:" + folder.resolve("va.db"));
      fill(database);
    }

    @AfterEach
    void close() {
      database.close();
    }

    @Test
    void everyHotQueryUsesItsIndexWithoutSortingOrScanningTheTable() {
      for (Case query : cases()) {
        String plan =
            database
                .jdbi()
                .withHandle(
                    handle ->
                        String.join(
                            "\n",
                            query
                                .bound(handle.createQuery("EXPLAIN QUERY PLAN " + query.sql()))
                                .map((rs, ctx) -> rs.getString("detail"))
                                .list()));
        String index = query.index().equals("pk") ? "sqlite_autoindex_jobs_1" : query.index();
        assertThat(plan).as(query.name()).contains("INDEX " + index).doesNotContain("TEMP B-TREE");
        // A bare "SCAN jobs" reads the whole table; an ordered walk of an index stops at LIMIT.
        assertThat(plan.lines())
            .as(query.name())
            .noneMatch(line -> line.equals("SCAN jobs"))
            .allMatch(line -> !line.startsWith("SCAN jobs") || query.name().startsWith("list all"));
      }
    }

    @Test
    void metadataOfAPageIsReadThroughItsPrimaryKey() {
      String plan =
          database
              .jdbi()
              .withHandle(
                  handle ->
                      String.join(
                          "\n",
                          handle
                              .createQuery(
                                  "EXPLAIN QUERY PLAN " + JdbiJobRepository.SELECT_METADATA)
                              .bindList("ids", List.of("vid_1", "vid_2"))
                              .map((rs, ctx) -> rs.getString("detail"))
                              .list()));
      assertThat(plan).contains("SEARCH job_metadata USING PRIMARY KEY (job_id=?)");
    }
  }

  @Nested
  @ExtendWith(PostgresServer.Extension.class)
  class OnPostgres {
    private Database database;

    @BeforeEach
    void open(PostgresServer server) {
      database = Database.open(server.newDatabaseUrl());
      fill(database);
    }

    @AfterEach
    void close() {
      database.close();
    }

    @Test
    void everyHotQueryCanUseItsIndex() {
      for (Case query : cases()) {
        // With a few rows, reading the table and sorting is cheapest; forbid both to see whether an
        // index can serve the filter and the order, as it must with a million rows.
        String plan =
            plan(
                database,
                "EXPLAIN",
                query,
                List.of("SET LOCAL enable_seqscan = off", "SET LOCAL enable_sort = off"));
        String index = query.index().equals("pk") ? "jobs_pkey" : query.index();
        assertThat(plan)
            .as(query.name())
            .containsPattern("(using|on) " + index + "\\b")
            .doesNotContain("Seq Scan");
        assertThat(plan).as(query.name()).doesNotContain("Sort");
      }
    }

    /**
     * PostgreSQL leaves {@code status = 'pending'} out of the index condition, since the partial
     * index's own predicate implies it: an index led by status would then be read whole for a range
     * on the deadline, every job waiting to be sent, on each pass of the tracker.
     */
    @Test
    void lookingForExpiredJobsReadsAPageOfTheIndexNotEveryJobWaitingToBeSent() {
      for (int i = 60; i < 2000; i++) {
        database.jobs().insert(TestJobs.pending(TestJobs.id(i), "tenant" + (i % 3), T0));
      }
      Case expired =
          due(
              "expired pending",
              JdbiJobRepository.FIND_EXPIRED_PENDING,
              "jobs_pending_by_deadline");

      String plan =
          plan(
              database,
              "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)",
              expired,
              List.of("ANALYZE jobs", "SET LOCAL enable_seqscan = off"));

      assertThat(plan).contains("jobs_pending_by_deadline");
      Matcher buffers =
          Pattern.compile("Buffers: shared hit=(\\d+)(?: read=(\\d+))?").matcher(plan);
      assertThat(buffers.find()).as(plan).isTrue();
      int pages =
          Integer.parseInt(buffers.group(1))
              + (buffers.group(2) == null ? 0 : Integer.parseInt(buffers.group(2)));
      assertThat(pages).as(plan).isLessThanOrEqualTo(4);
    }
  }
}
