package dev.videoagent.adapters.persistence;

import dev.videoagent.core.DailyCaps;
import dev.videoagent.core.DurationHistogram;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.JobStamp;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.WorkBacklog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

/**
 * Jobs in SQLite or PostgreSQL; the SQL is the same for both, and the row mapping is {@link
 * JobColumns}. Instants are stored as epoch milliseconds, so the jobs this repository returns are
 * cut to the millisecond too: what {@link #insert} and {@link #update} return is the job passed
 * through the row mapping, equal to what a later read gives. The job's identity (tenant, request,
 * callback token, idempotency key, creation time) is fixed at insert; {@link #update} writes the
 * rest. Each write that changes what a user sees also records its events ({@link JdbiChangeRecord})
 * in the same transaction.
 */
final class JdbiJobRepository implements JobRepository {

  private static final String SELECT_JOBS = "SELECT " + JobColumns.selectList() + "\n  FROM jobs\n";

  private static final String INSERT_JOB = JobColumns.insertPositional();

  private static final String INSERT_METADATA =
      """
      INSERT INTO job_metadata (job_id, key, value) VALUES (?, ?, ?)
      """;

  private static final String UPDATE_JOB = JobColumns.update();

  /**
   * Due work that needs no in-flight slot, through {@code jobs_due_work}: the query repeats the
   * index's WHERE terms, as SQLite needs to use a partial index.
   */
  static final String FIND_DUE_WORK =
      SELECT_JOBS
          + """
           WHERE next_check_at IS NOT NULL AND (status <> 'pending' OR submit_started_at IS NOT NULL)
             AND next_check_at <= :now
           ORDER BY next_check_at, id
           LIMIT :limit
          """;

  /** Pending jobs past their deadline, to be expired, through {@code jobs_pending_by_deadline}. */
  static final String FIND_EXPIRED_PENDING =
      SELECT_JOBS
          + """
           WHERE status = 'pending' AND submit_started_at IS NULL
             AND deadline <= :now AND next_check_at <= :now
           ORDER BY deadline, id
           LIMIT :limit
          """;

  /**
   * The submission queue in creation order, through {@code jobs_submission_queue}. The deadline is
   * compared as {@code +deadline} so that no planner is tempted by the deadline index (which would
   * read every waiting job and sort them).
   */
  static final String FIND_SUBMISSION_QUEUE =
      SELECT_JOBS
          + """
           WHERE status = 'pending' AND submit_started_at IS NULL
             AND next_check_at <= :now AND +deadline > :now
           ORDER BY id
           LIMIT :limit
          """;

  /** The same queue without the jobs of tenants held back by their own in-flight limit. */
  static final String FIND_SUBMISSION_QUEUE_PASSING_OVER =
      FIND_SUBMISSION_QUEUE.replace(" ORDER BY id", "   AND tenant NOT IN (<held>)\n ORDER BY id");

  static final String FIND_BY_ID = SELECT_JOBS + "WHERE id = :id";

  /**
   * One job and its metadata in one round trip: a row per metadata entry (one with nulls when it
   * has none), so a read of one job costs one statement, not two.
   */
  static final String FIND_BY_ID_WITH_METADATA =
      "SELECT "
          + JobColumns.selectList()
          + ", m.key AS metadata_key, m.value AS metadata_value\n"
          + "  FROM jobs LEFT JOIN job_metadata m ON m.job_id = jobs.id\n"
          + " WHERE jobs.id = ?";

  /** The primary key's row alone: no metadata, no mapping of the job's columns. */
  static final String FIND_STAMP = "SELECT tenant, version FROM jobs WHERE id = ?";

  static final String FIND_BY_IDEMPOTENCY_KEY =
      SELECT_JOBS + "WHERE tenant = :tenant AND idempotency_key = :key";

  static final String SELECT_METADATA =
      """
      SELECT job_id, key, value FROM job_metadata WHERE job_id IN (<ids>)
      """;

  // Two counts that each read a small range of an index: jobs with the gateway, and pending jobs
  // with an attempt mark (a partial index, which SQLite uses only when the query repeats its WHERE
  // clause word for word) that do not wait for a gateway callback (those hold no slot).
  private static final String IN_FLIGHT =
      """
      (SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'processing'))
           + (SELECT COUNT(*) FROM jobs
               WHERE status = 'pending' AND submit_started_at IS NOT NULL
                 AND callback_window_until IS NULL)
      """;

  static final String COUNT_IN_FLIGHT = "SELECT " + IN_FLIGHT;

  /** Through {@code jobs_stalled}: only flagged jobs are read, however many jobs there are. */
  static final String COUNT_STALLED =
      "SELECT COUNT(*) FROM jobs WHERE stalled_since IS NOT NULL"
          + " AND status IN ('queued', 'processing')";

  /**
   * The attempt mark, written only while the in-flight count is below the cap: check and write in
   * one statement, run where no other marker can interleave (see {@link #markSubmission}).
   */
  static final String MARK_SUBMISSION = UPDATE_JOB + "   AND " + IN_FLIGHT + " < :maxInFlight\n";

  /** Every figure of a {@link WorkBacklog} in one round trip, each from its own index. */
  static final String BACKLOG =
      """
      SELECT (SELECT jobs FROM job_status_counts WHERE status = 'pending')
               - (SELECT COUNT(*) FROM jobs
                   WHERE status = 'pending' AND submit_started_at IS NOT NULL) AS waiting,
             """
          + IN_FLIGHT
          + """
             AS in_flight,
             (SELECT next_check_at FROM jobs
               WHERE next_check_at IS NOT NULL
                 AND (status <> 'pending' OR submit_started_at IS NOT NULL)
                 AND next_check_at <= :now
               ORDER BY next_check_at, id
               LIMIT 1) AS due_work,
             (SELECT deadline FROM jobs
               WHERE status = 'pending' AND submit_started_at IS NULL
                 AND deadline <= :now AND next_check_at <= :now
               ORDER BY deadline, id
               LIMIT 1) AS due_expiry,
             (SELECT next_check_at FROM jobs
               WHERE status = 'pending' AND submit_started_at IS NULL
                 AND next_check_at <= :now AND +deadline > :now
               ORDER BY id
               LIMIT 1) AS due_submission
      """;

  /**
   * The PostgreSQL advisory lock that serialises attempt marks (the ASCII of "videoagt"). READ
   * COMMITTED alone would let two markers both count nine of ten slots taken and both write.
   */
  static final long IN_FLIGHT_LOCK = 0x766964656f616774L;

  private static final String COUNT_BY_STATUS =
      """
      SELECT status, jobs FROM job_status_counts
      """;

  private static final RowMapper<JobColumns.Row> ROWS = (rs, ctx) -> JobColumns.Row.read(rs);

  private final Jdbi jdbi;

  /** The reads by id, on the connections under {@link #jdbi} without a handle. */
  private final DirectStatements.Reads reads;

  /** How a create is committed: on SQLite, grouped with the creates waiting beside it. */
  private final CreateWrites creates;

  private final Dialect dialect;
  private final JdbiChangeRecord changes;
  private final JdbiDurationHistory durations;
  private final DailyCaps caps;

  JdbiJobRepository(
      Jdbi jdbi,
      DirectStatements.Reads reads,
      CreateWrites creates,
      Dialect dialect,
      EventPayloads payloads) {
    this(jdbi, reads, creates, dialect, payloads, DailyCaps.NONE);
  }

  /** Jobs that keep to the deployment's daily {@code caps} (and each tenant's own limits). */
  JdbiJobRepository(
      Jdbi jdbi,
      DirectStatements.Reads reads,
      CreateWrites creates,
      Dialect dialect,
      EventPayloads payloads,
      DailyCaps caps) {
    this.jdbi = jdbi;
    this.reads = reads;
    this.creates = creates;
    this.dialect = dialect;
    this.changes = new JdbiChangeRecord(jdbi, dialect, payloads);
    this.durations = new JdbiDurationHistory(jdbi);
    this.caps = caps;
  }

  @Override
  public VideoJob insert(VideoJob job) {
    JobColumns.Row row = JobColumns.Row.of(job.atVersion(0));
    VideoJob stored = asStored(row, job);
    try {
      creates.write(
          handle -> {
            DirectStatements.update(
                handle, INSERT_JOB, statement -> row.set(statement, JobColumns.ALL));
            insertMetadata(handle, stored);
            // After the insert: a raced duplicate is refused as such, not as over the limit.
            JdbiUsage.count(
                handle, stored.tenant(), stored.createdAt(), UsageCounts.ofInsert(stored), caps);
          });
    } catch (RuntimeException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new DuplicateJobException(
            "a job with id "
                + job.id()
                + (job.idempotencyKey() == null
                    ? ""
                    : " or with tenant " + job.tenant() + "'s idempotency key")
                + " is already stored",
            e);
      }
      throw e;
    }
    return stored;
  }

  private static void insertMetadata(Handle handle, VideoJob job) {
    Map<String, String> metadata = job.request().metadata();
    if (metadata.isEmpty()) {
      return;
    }
    DirectStatements.batch(
        handle,
        INSERT_METADATA,
        metadata.entrySet(),
        (statement, entry) -> {
          statement.setString(1, job.id());
          statement.setString(2, entry.getKey());
          statement.setString(3, entry.getValue());
        });
  }

  @Override
  public Optional<VideoJob> findById(String id) {
    // The read behind every GET of a job: run directly, as the create's statements are.
    return readById(
        FIND_BY_ID_WITH_METADATA,
        id,
        rs -> {
          if (!rs.next()) {
            return Optional.empty();
          }
          JobColumns.Row row = JobColumns.Row.readInOrder(rs);
          Map<String, String> metadata = new HashMap<>();
          do {
            String key = rs.getString("metadata_key");
            if (key != null) {
              metadata.put(key, rs.getString("metadata_value"));
            }
          } while (rs.next());
          return Optional.of(JobColumns.job(row, metadata));
        });
  }

  @Override
  public Optional<JobStamp> findStamp(String id) {
    return readById(
        FIND_STAMP,
        id,
        rs ->
            rs.next()
                ? Optional.of(new JobStamp(rs.getString(1), rs.getLong(2)))
                : Optional.empty());
  }

  /**
   * A direct read whose one parameter is the job's id, on a connection of its own: opening and
   * closing a JDBI handle around one statement was two thirds of the cost of reading a job's stamp,
   * the read behind every GET. No caller of these reads holds a transaction it should see.
   */
  private <T> T readById(String sql, String id, DirectStatements.RowReader<T> reader) {
    return reads.read(sql, statement -> statement.setString(1, id), reader);
  }

  @Override
  public Optional<VideoJob> findByIdempotencyKey(String tenant, String idempotencyKey) {
    return jdbi
        .withHandle(
            handle ->
                withMetadata(
                    handle,
                    handle
                        .createQuery(FIND_BY_IDEMPOTENCY_KEY)
                        .bind("tenant", tenant)
                        .bind("key", idempotencyKey)
                        .map(ROWS)
                        .list()))
        .stream()
        .findFirst();
  }

  @Override
  public Optional<VideoJob> update(VideoJob job) {
    JobColumns.Row row = JobColumns.Row.of(job);
    VideoJob stored = asStored(row, job).atVersion(job.version() + 1);
    return jdbi.inTransaction(
        handle -> {
          // The stored job is the "before" of the events. Read at the expected version, it is
          // exactly what the compare-and-set below replaces (versions only grow); read at any
          // other, the write would fail anyway.
          Optional<VideoJob> before = storedJob(handle, job.id());
          if (before.isEmpty() || before.get().version() != job.version()) {
            return Optional.empty();
          }
          if (bindUpdate(handle.createUpdate(UPDATE_JOB), row, job).execute() != 1) {
            return Optional.empty();
          }
          JdbiUsage.count(
              handle,
              stored.tenant(),
              stored.updatedAt(),
              UsageCounts.between(before.get(), stored),
              caps);
          changes.record(handle, before.get(), stored);
          durations.record(handle, before.get(), stored);
          return Optional.of(stored);
        });
  }

  /** The job's row as stored, without its metadata (which never changes after insert). */
  private static Optional<VideoJob> storedJob(Handle handle, String id) {
    return handle
        .createQuery(FIND_BY_ID)
        .bind("id", id)
        .map(ROWS)
        .findOne()
        .map(row -> JobColumns.job(row, Map.of()));
  }

  @Override
  public List<VideoJob> findDueWork(Instant now, int limit) {
    requirePositive(limit);
    return jdbi.withHandle(
        handle -> {
          List<JobColumns.Row> work = due(handle, FIND_DUE_WORK, now, limit);
          List<JobColumns.Row> expired = due(handle, FIND_EXPIRED_PENDING, now, limit);
          if (expired.isEmpty()) {
            return withMetadata(handle, work);
          }
          // Both lists are in due order already; an expiry was due at the job's deadline.
          List<JobColumns.Row> merged = new ArrayList<>(work);
          merged.addAll(expired);
          merged.sort(
              Comparator.comparing((JobColumns.Row row) -> dueAt(row, now))
                  .thenComparing(row -> row.get(JobColumns.ID)));
          return withMetadata(handle, merged.subList(0, Math.min(limit, merged.size())));
        });
  }

  @Override
  public List<VideoJob> findSubmissionQueue(Instant now, int limit) {
    requirePositive(limit);
    return jdbi.withHandle(
        handle -> {
          // Tenants at their own in-flight limit are passed over, or their jobs at the head of the
          // line would hold back every other tenant's.
          List<String> held = JdbiUsage.heldTenants(handle);
          if (held.isEmpty()) {
            return withMetadata(handle, due(handle, FIND_SUBMISSION_QUEUE, now, limit));
          }
          List<JobColumns.Row> rows =
              handle
                  .createQuery(FIND_SUBMISSION_QUEUE_PASSING_OVER)
                  .bind("now", now.toEpochMilli())
                  .bind("limit", limit)
                  .bindList("held", held)
                  .map(ROWS)
                  .list();
          return withMetadata(handle, rows);
        });
  }

  /** When the tracker should have acted: a pending job past its deadline, at the deadline. */
  private static Instant dueAt(JobColumns.Row row, Instant now) {
    Instant deadline = row.get(JobColumns.DEADLINE);
    boolean expiredInLine =
        row.get(JobColumns.STATUS) == JobStatus.PENDING
            && row.get(JobColumns.SUBMIT_STARTED_AT) == null
            && !deadline.isAfter(now);
    return expiredInLine ? deadline : row.get(JobColumns.NEXT_CHECK_AT);
  }

  private static List<JobColumns.Row> due(Handle handle, String sql, Instant now, int limit) {
    return handle
        .createQuery(sql)
        .bind("now", now.toEpochMilli())
        .bind("limit", limit)
        .map(ROWS)
        .list();
  }

  @Override
  public SubmissionMark markSubmission(VideoJob marked, int maxInFlight) {
    if (!marked.hasUnansweredAttempt()) {
      throw new IllegalArgumentException("job " + marked.id() + " carries no attempt mark");
    }
    JobColumns.Row row = JobColumns.Row.of(marked);
    VideoJob stored = asStored(row, marked).atVersion(marked.version() + 1);
    // SQLite: the UPDATE takes the database's one write lock before it counts, so markers in any
    // thread or process run one after another. PostgreSQL: a transaction-scoped advisory lock
    // does the same; each marker's count then sees every mark committed before it.
    return jdbi.inTransaction(
        handle -> {
          if (dialect == Dialect.POSTGRESQL) {
            handle
                .createQuery("SELECT pg_advisory_xact_lock(:key)")
                .bind("key", IN_FLIGHT_LOCK)
                .map((rs, ctx) -> Boolean.TRUE)
                .one();
          }
          Optional<VideoJob> before = storedJob(handle, marked.id());
          if (before.isEmpty() || before.get().version() != marked.version()) {
            return new SubmissionMark.Outdated();
          }
          if (JdbiUsage.atInFlightLimit(handle, marked.tenant())) {
            return new SubmissionMark.CapReached();
          }
          int changed =
              bindUpdate(handle.createUpdate(MARK_SUBMISSION), row, marked)
                  .bind("maxInFlight", maxInFlight)
                  .execute();
          if (changed == 1) {
            // A mark is no news to users; recorded like every write all the same, so that no
            // write path can ever change a job without its events.
            changes.record(handle, before.get(), stored);
            return new SubmissionMark.Marked(stored);
          }
          Optional<Long> version =
              handle
                  .createQuery("SELECT version FROM jobs WHERE id = :id")
                  .bind("id", marked.id())
                  .mapTo(Long.class)
                  .findOne();
          return version.isPresent() && version.get() == marked.version()
              ? new SubmissionMark.CapReached()
              : new SubmissionMark.Outdated();
        });
  }

  @Override
  public List<JobEvent> events(EventQuery query) {
    return changes.read(query);
  }

  @Override
  public long lastEventSeq() {
    return changes.lastSeq();
  }

  @Override
  public int pruneEvents(Instant cutoff, int limit) {
    return changes.prune(cutoff, limit);
  }

  @Override
  public WorkBacklog backlog(Instant now) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(BACKLOG)
                .bind("now", now.toEpochMilli())
                .map(
                    (rs, ctx) -> {
                      Instant work = instant(rs, "due_work");
                      Instant expiry = instant(rs, "due_expiry");
                      Instant earliest =
                          work == null || (expiry != null && expiry.isBefore(work)) ? expiry : work;
                      return new WorkBacklog(
                          rs.getLong("waiting"),
                          rs.getLong("in_flight"),
                          earliest,
                          instant(rs, "due_submission"));
                    })
                .one());
  }

  @Override
  public JobPage list(JobQuery query) {
    List<VideoJob> page =
        jdbi.withHandle(
            handle -> {
              var statement = handle.createQuery(listSql(query)).bind("limit", query.limit() + 1);
              query.tenantIfSet().ifPresent(tenant -> statement.bind("tenant", tenant));
              query.statusIfSet().ifPresent(status -> statement.bind("status", status.wireName()));
              query.afterIdIfSet().ifPresent(afterId -> statement.bind("afterId", afterId));
              return withMetadata(handle, statement.map(ROWS).list());
            });
    // One job more than asked for tells whether there is a next page.
    if (page.size() <= query.limit()) {
      return new JobPage(page, null);
    }
    List<VideoJob> shown = page.subList(0, query.limit());
    return new JobPage(shown, shown.get(shown.size() - 1).id());
  }

  /** The page query for {@code query}: only the filters it sets, so each can use its index. */
  static String listSql(JobQuery query) {
    List<String> conditions = new ArrayList<>();
    query.tenantIfSet().ifPresent(tenant -> conditions.add("tenant = :tenant"));
    query.statusIfSet().ifPresent(status -> conditions.add("status = :status"));
    query.afterIdIfSet().ifPresent(afterId -> conditions.add("id < :afterId"));
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions) + "\n";
    return SELECT_JOBS + where + " ORDER BY id DESC\n LIMIT :limit";
  }

  @Override
  public DurationHistogram durationHistory(String key) {
    return durations.read(key);
  }

  @Override
  public long countStalled() {
    return jdbi.withHandle(handle -> handle.createQuery(COUNT_STALLED).mapTo(Long.class).one());
  }

  @Override
  public long countInFlight() {
    return jdbi.withHandle(handle -> handle.createQuery(COUNT_IN_FLIGHT).mapTo(Long.class).one());
  }

  @Override
  public Map<JobStatus, Long> countByStatus() {
    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
    for (JobStatus status : JobStatus.values()) {
      counts.put(status, 0L);
    }
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(COUNT_BY_STATUS)
                .map((rs, ctx) -> Map.entry(statusOf(rs.getString("status")), rs.getLong("jobs")))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
    return counts;
  }

  /** Attaches each job's metadata, read for the whole list with one query. */
  private static List<VideoJob> withMetadata(Handle handle, List<JobColumns.Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, Map<String, String>> metadata = new HashMap<>();
    handle
        .createQuery(SELECT_METADATA)
        .bindList("ids", rows.stream().map(row -> row.get(JobColumns.ID)).toList())
        .map(
            (rs, ctx) ->
                new MetadataRow(rs.getString("job_id"), rs.getString("key"), rs.getString("value")))
        .forEach(
            row ->
                metadata
                    .computeIfAbsent(row.jobId(), id -> new HashMap<>())
                    .put(row.key(), row.value()));
    List<VideoJob> jobs = new ArrayList<>(rows.size());
    for (JobColumns.Row row : rows) {
      jobs.add(JobColumns.job(row, metadata.getOrDefault(row.get(JobColumns.ID), Map.of())));
    }
    return jobs;
  }

  /** Binds what changes and the compare-and-set on the version {@code read} was read at. */
  private static Update bindUpdate(Update statement, JobColumns.Row row, VideoJob read) {
    return row.bind(statement, JobColumns.CHANGING)
        .bind(JobColumns.ID.name(), read.id())
        .bind(JobColumns.VERSION.name(), read.version());
  }

  /** {@code job} as it reads back from {@code row}: its instants cut to what the columns hold. */
  private static VideoJob asStored(JobColumns.Row row, VideoJob job) {
    return JobColumns.job(row, job.request().metadata());
  }

  private static void requirePositive(int limit) {
    // SQLite reads a negative LIMIT as "no limit".
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static JobStatus statusOf(String wireName) {
    return JobStatus.fromWire(wireName)
        .orElseThrow(
            () -> new IllegalStateException("unknown job status in the database: " + wireName));
  }

  private record MetadataRow(String jobId, String key, String value) {}
}
