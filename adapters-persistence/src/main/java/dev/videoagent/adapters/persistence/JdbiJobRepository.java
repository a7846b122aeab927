package dev.videoagent.adapters.persistence;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobError;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.Orientation;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.TrackingBacklog;
import java.net.URI;
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
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * Jobs in SQLite or PostgreSQL; the SQL is the same for both. Instants are stored as epoch
 * milliseconds, so the jobs this repository returns are cut to the millisecond too: what {@link
 * #insert} and {@link #update} return equals what a later read gives. The tenant, the request, the
 * callback token, the idempotency key and the creation time are fixed at insert; {@link #update}
 * writes the rest.
 */
final class JdbiJobRepository implements JobRepository {

  private static final String SELECT_JOBS =
      """
      SELECT id, tenant, status, attempt, prompt, avatar, voice, orientation, callback_url,
             submit_started_at, gateway_request_id, video_url,
             content_sha256, content_bytes, content_type, error_code, error_message,
             callback_token, callback_registered, idempotency_key, next_check_at,
             status_reads, consecutive_failures, deadline, created_at, updated_at,
             completed_at, version
        FROM jobs
      """;

  private static final String INSERT_JOB =
      """
      INSERT INTO jobs (
          id, tenant, status, attempt, prompt, avatar, voice, orientation, callback_url,
          submit_started_at, gateway_request_id, video_url,
          content_sha256, content_bytes, content_type, error_code, error_message,
          callback_token, callback_registered, idempotency_key, next_check_at,
          status_reads, consecutive_failures, deadline, created_at, updated_at,
          completed_at, version)
      VALUES (
          :id, :tenant, :status, :attempt, :prompt, :avatar, :voice, :orientation, :callbackUrl,
          :submitStartedAt, :gatewayRequestId, :videoUrl,
          :contentSha256, :contentBytes, :contentType, :errorCode, :errorMessage,
          :callbackToken, :callbackRegistered, :idempotencyKey, :nextCheckAt,
          :statusReads, :consecutiveFailures, :deadline, :createdAt, :updatedAt,
          :completedAt, 0)
      """;

  private static final String INSERT_METADATA =
      """
      INSERT INTO job_metadata (job_id, key, value) VALUES (:jobId, :key, :value)
      """;

  private static final String UPDATE_JOB =
      """
      UPDATE jobs
         SET status = :status, attempt = :attempt, submit_started_at = :submitStartedAt,
             gateway_request_id = :gatewayRequestId, video_url = :videoUrl,
             content_sha256 = :contentSha256, content_bytes = :contentBytes,
             content_type = :contentType, error_code = :errorCode, error_message = :errorMessage,
             callback_registered = :callbackRegistered, next_check_at = :nextCheckAt,
             status_reads = :statusReads, consecutive_failures = :consecutiveFailures,
             deadline = :deadline, updated_at = :updatedAt, completed_at = :completedAt,
             version = version + 1
       WHERE id = :id AND version = :version
      """;

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

  static final String FIND_BY_ID = SELECT_JOBS + "WHERE id = :id";

  static final String FIND_BY_IDEMPOTENCY_KEY =
      SELECT_JOBS + "WHERE tenant = :tenant AND idempotency_key = :key";

  static final String SELECT_METADATA =
      """
      SELECT job_id, key, value FROM job_metadata WHERE job_id IN (<ids>)
      """;

  // Two counts that each read a small range of an index: jobs with the gateway, and pending jobs
  // with an attempt mark (a partial index, which SQLite uses only when the query repeats its WHERE
  // clause word for word).
  private static final String IN_FLIGHT =
      """
      (SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'processing'))
           + (SELECT COUNT(*) FROM jobs
               WHERE status = 'pending' AND submit_started_at IS NOT NULL)
      """;

  static final String COUNT_IN_FLIGHT = "SELECT " + IN_FLIGHT;

  /**
   * The attempt mark, written only while the in-flight count is below the cap: check and write in
   * one statement, run where no other marker can interleave (see {@link #markSubmission}).
   */
  static final String MARK_SUBMISSION = UPDATE_JOB + "   AND " + IN_FLIGHT + " < :maxInFlight\n";

  /** Every figure of a {@link TrackingBacklog} in one round trip, each from its own index. */
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

  private final Jdbi jdbi;
  private final Dialect dialect;

  JdbiJobRepository(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  @Override
  public VideoJob insert(VideoJob job) {
    VideoJob stored = asStored(job, 0);
    try {
      jdbi.useTransaction(
          handle -> {
            bindState(bindIdentity(handle.createUpdate(INSERT_JOB), stored), stored).execute();
            insertMetadata(handle, stored);
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
    PreparedBatch batch = handle.prepareBatch(INSERT_METADATA);
    metadata.forEach(
        (key, value) -> batch.bind("jobId", job.id()).bind("key", key).bind("value", value).add());
    batch.execute();
  }

  @Override
  public Optional<VideoJob> findById(String id) {
    return jdbi
        .withHandle(
            handle ->
                withMetadata(
                    handle, handle.createQuery(FIND_BY_ID).bind("id", id).map(JobRow::map).list()))
        .stream()
        .findFirst();
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
                        .map(JobRow::map)
                        .list()))
        .stream()
        .findFirst();
  }

  @Override
  public Optional<VideoJob> update(VideoJob job) {
    VideoJob stored = asStored(job, job.version() + 1);
    int changed =
        jdbi.withHandle(
            handle ->
                bindState(handle.createUpdate(UPDATE_JOB), stored)
                    .bind("version", job.version())
                    .execute());
    return changed == 1 ? Optional.of(stored) : Optional.empty();
  }

  @Override
  public List<VideoJob> findDueWork(Instant now, int limit) {
    requirePositive(limit);
    return jdbi.withHandle(
        handle -> {
          List<JobRow> work = due(handle, FIND_DUE_WORK, now, limit);
          List<JobRow> expired = due(handle, FIND_EXPIRED_PENDING, now, limit);
          if (expired.isEmpty()) {
            return withMetadata(handle, work);
          }
          // Both lists are in due order already; an expiry was due at the job's deadline.
          List<JobRow> merged = new ArrayList<>(work);
          merged.addAll(expired);
          merged.sort(
              Comparator.comparing((JobRow row) -> row.dueAt(now)).thenComparing(JobRow::id));
          return withMetadata(handle, merged.subList(0, Math.min(limit, merged.size())));
        });
  }

  @Override
  public List<VideoJob> findSubmissionQueue(Instant now, int limit) {
    requirePositive(limit);
    return jdbi.withHandle(
        handle -> withMetadata(handle, due(handle, FIND_SUBMISSION_QUEUE, now, limit)));
  }

  private static List<JobRow> due(Handle handle, String sql, Instant now, int limit) {
    return handle
        .createQuery(sql)
        .bind("now", now.toEpochMilli())
        .bind("limit", limit)
        .map(JobRow::map)
        .list();
  }

  @Override
  public SubmissionMark markSubmission(VideoJob marked, int maxInFlight) {
    if (!marked.hasUnansweredAttempt()) {
      throw new IllegalArgumentException("job " + marked.id() + " carries no attempt mark");
    }
    VideoJob stored = asStored(marked, marked.version() + 1);
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
          int changed =
              bindState(handle.createUpdate(MARK_SUBMISSION), stored)
                  .bind("version", marked.version())
                  .bind("maxInFlight", maxInFlight)
                  .execute();
          if (changed == 1) {
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
  public TrackingBacklog backlog(Instant now) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(BACKLOG)
                .bind("now", now.toEpochMilli())
                .map(
                    (rs, ctx) -> {
                      Instant work = JobRow.instant(rs, "due_work");
                      Instant expiry = JobRow.instant(rs, "due_expiry");
                      Instant earliest =
                          work == null || (expiry != null && expiry.isBefore(work)) ? expiry : work;
                      return new TrackingBacklog(
                          rs.getLong("waiting"),
                          rs.getLong("in_flight"),
                          earliest,
                          JobRow.instant(rs, "due_submission"));
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
              return withMetadata(handle, statement.map(JobRow::map).list());
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
  private static List<VideoJob> withMetadata(Handle handle, List<JobRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, Map<String, String>> metadata = new HashMap<>();
    handle
        .createQuery(SELECT_METADATA)
        .bindList("ids", rows.stream().map(JobRow::id).toList())
        .map(
            (rs, ctx) ->
                new MetadataRow(rs.getString("job_id"), rs.getString("key"), rs.getString("value")))
        .forEach(
            row ->
                metadata
                    .computeIfAbsent(row.jobId(), id -> new HashMap<>())
                    .put(row.key(), row.value()));
    List<VideoJob> jobs = new ArrayList<>(rows.size());
    for (JobRow row : rows) {
      jobs.add(row.toJob(metadata.getOrDefault(row.id(), Map.of())));
    }
    return jobs;
  }

  /** Binds what is fixed at insert. */
  private static Update bindIdentity(Update statement, VideoJob job) {
    VideoRequest request = job.request();
    return statement
        .bind("tenant", job.tenant())
        .bind("prompt", request.prompt())
        .bind("avatar", request.avatar())
        .bind("voice", request.voice())
        .bind(
            "orientation", request.orientation() == null ? null : request.orientation().wireName())
        .bind("callbackUrl", text(request.callbackUrl()))
        .bind("callbackToken", job.callbackToken())
        .bind("idempotencyKey", job.idempotencyKey())
        .bind("createdAt", millis(job.createdAt()));
  }

  /** Binds the id and everything {@link #update} may change. */
  private static Update bindState(Update statement, VideoJob job) {
    StoredContent content = job.content();
    JobError error = job.error();
    return statement
        .bind("id", job.id())
        .bind("status", job.status().wireName())
        .bind("attempt", job.attempt())
        .bind("submitStartedAt", millis(job.submitStartedAt()))
        .bind("gatewayRequestId", job.gatewayRequestId())
        .bind("videoUrl", text(job.videoUrl()))
        .bind("contentSha256", content == null ? null : content.sha256())
        .bind("contentBytes", content == null ? null : content.bytes())
        .bind("contentType", content == null ? null : content.contentType())
        .bind("errorCode", error == null ? null : error.code().wireName())
        .bind("errorMessage", error == null ? null : error.message())
        .bind("callbackRegistered", job.callbackRegistered())
        .bind("nextCheckAt", millis(job.nextCheckAt()))
        .bind("statusReads", job.statusReads())
        .bind("consecutiveFailures", job.consecutiveFailures())
        .bind("deadline", millis(job.deadline()))
        .bind("updatedAt", millis(job.updatedAt()))
        .bind("completedAt", millis(job.completedAt()));
  }

  /** {@code job} at {@code version} with its instants cut to what the columns hold. */
  private static VideoJob asStored(VideoJob job, long version) {
    return new VideoJob(
        job.id(),
        job.tenant(),
        job.request(),
        job.status(),
        job.attempt(),
        toMillis(job.submitStartedAt()),
        job.gatewayRequestId(),
        job.videoUrl(),
        job.content(),
        job.error(),
        job.callbackToken(),
        job.callbackRegistered(),
        job.idempotencyKey(),
        toMillis(job.nextCheckAt()),
        job.statusReads(),
        job.consecutiveFailures(),
        toMillis(job.deadline()),
        toMillis(job.createdAt()),
        toMillis(job.updatedAt()),
        toMillis(job.completedAt()),
        version);
  }

  private static void requirePositive(int limit) {
    // SQLite reads a negative LIMIT as "no limit".
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant toMillis(Instant instant) {
    return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
  }

  private static String text(URI uri) {
    return uri == null ? null : uri.toString();
  }

  private static JobStatus statusOf(String wireName) {
    return JobStatus.fromWire(wireName)
        .orElseThrow(
            () -> new IllegalStateException("unknown job status in the database: " + wireName));
  }

  private record MetadataRow(String jobId, String key, String value) {}

  /** A jobs row as read, before its metadata (a separate query) is attached. */
  private record JobRow(
      String id,
      String tenant,
      JobStatus status,
      int attempt,
      String prompt,
      String avatar,
      String voice,
      Orientation orientation,
      URI callbackUrl,
      Instant submitStartedAt,
      String gatewayRequestId,
      URI videoUrl,
      StoredContent content,
      JobError error,
      String callbackToken,
      boolean callbackRegistered,
      String idempotencyKey,
      Instant nextCheckAt,
      int statusReads,
      int consecutiveFailures,
      Instant deadline,
      Instant createdAt,
      Instant updatedAt,
      Instant completedAt,
      long version) {

    static JobRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      String sha256 = rs.getString("content_sha256");
      String errorCode = rs.getString("error_code");
      String orientation = rs.getString("orientation");
      return new JobRow(
          rs.getString("id"),
          rs.getString("tenant"),
          statusOf(rs.getString("status")),
          rs.getInt("attempt"),
          rs.getString("prompt"),
          rs.getString("avatar"),
          rs.getString("voice"),
          orientation == null ? null : orientationOf(orientation),
          uri(rs.getString("callback_url")),
          instant(rs, "submit_started_at"),
          rs.getString("gateway_request_id"),
          uri(rs.getString("video_url")),
          sha256 == null
              ? null
              : new StoredContent(
                  sha256, rs.getLong("content_bytes"), rs.getString("content_type")),
          errorCode == null
              ? null
              : new JobError(ErrorCode.fromWire(errorCode), rs.getString("error_message")),
          rs.getString("callback_token"),
          rs.getBoolean("callback_registered"),
          rs.getString("idempotency_key"),
          instant(rs, "next_check_at"),
          rs.getInt("status_reads"),
          rs.getInt("consecutive_failures"),
          instant(rs, "deadline"),
          instant(rs, "created_at"),
          instant(rs, "updated_at"),
          instant(rs, "completed_at"),
          rs.getLong("version"));
    }

    /** When the tracker should have acted: a pending job past its deadline, at the deadline. */
    Instant dueAt(Instant now) {
      boolean expiredInLine =
          status == JobStatus.PENDING && submitStartedAt == null && !deadline.isAfter(now);
      return expiredInLine ? deadline : nextCheckAt;
    }

    VideoJob toJob(Map<String, String> metadata) {
      return new VideoJob(
          id,
          tenant,
          new VideoRequest(prompt, avatar, voice, orientation, metadata, callbackUrl),
          status,
          attempt,
          submitStartedAt,
          gatewayRequestId,
          videoUrl,
          content,
          error,
          callbackToken,
          callbackRegistered,
          idempotencyKey,
          nextCheckAt,
          statusReads,
          consecutiveFailures,
          deadline,
          createdAt,
          updatedAt,
          completedAt,
          version);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
      long millis = rs.getLong(column);
      return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static URI uri(String text) {
      return text == null ? null : URI.create(text);
    }

    private static Orientation orientationOf(String wireName) {
      return Orientation.fromWire(wireName)
          .orElseThrow(
              () -> new IllegalStateException("unknown orientation in the database: " + wireName));
    }
  }
}
