package dev.videoagent.adapters.persistence;

import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.EventQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code job_events} table: written inside the job repository's transactions, read by seq. The
 * SQL is the same for both databases; only the ordering lock differs.
 */
final class JdbiChangeRecord {

  /**
   * The PostgreSQL advisory lock that makes seq order commit order (the ASCII of "vaevents").
   * Without it, a transaction that took seq 7 could commit after one that took seq 8, and a reader
   * that had already moved past 8 would never see 7. Held from the insert to the commit, which is
   * short: the job's row is already written.
   */
  static final long EVENTS_LOCK = 0x76616576656e7473L;

  private static final String INSERT =
      """
      INSERT INTO job_events (event_id, job_id, tenant, type, occurred_at, payload)
      VALUES (:eventId, :jobId, :tenant, :type, :occurredAt, :payload)
      """;

  private static final String SELECT =
      """
      SELECT seq, event_id, job_id, tenant, type, occurred_at, payload
        FROM job_events
      """;

  private static final String LAST_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM job_events";

  /**
   * Oldest first through {@code job_events_by_time}, a batch at a time; never an event the webhook
   * outbox has not fanned out yet, whose deliveries would be lost.
   */
  static final String PRUNE =
      """
      DELETE FROM job_events
       WHERE seq IN (SELECT seq FROM job_events
                      WHERE occurred_at < :cutoff
                        AND fanned_out_at IS NOT NULL
                      ORDER BY occurred_at, seq
                      LIMIT :limit)
      """;

  static final RowMapper<JobEvent> EVENTS =
      (rs, ctx) ->
          new JobEvent(
              rs.getLong("seq"),
              rs.getString("event_id"),
              rs.getString("job_id"),
              rs.getString("tenant"),
              typeOf(rs.getString("type")),
              Instant.ofEpochMilli(rs.getLong("occurred_at")),
              rs.getString("payload"));

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final EventPayloads payloads;

  JdbiChangeRecord(Jdbi jdbi, Dialect dialect, EventPayloads payloads) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.payloads = payloads;
  }

  /**
   * Records the events of the change from {@code before} to {@code stored}, inside the caller's
   * transaction, after the job's row was written: a payload that cannot be rendered rolls the
   * change back too.
   */
  void record(Handle handle, VideoJob before, VideoJob stored) {
    List<JobEventType> types = JobEventType.between(before, stored);
    if (types.isEmpty()) {
      return;
    }
    List<JobEvent.Unrecorded> events = new ArrayList<>(types.size());
    for (JobEventType type : types) {
      events.add(JobEvent.of(stored, type, payloads.render(type, stored.updatedAt(), stored)));
    }
    if (dialect == Dialect.POSTGRESQL) {
      handle
          .createQuery("SELECT pg_advisory_xact_lock(:key)")
          .bind("key", EVENTS_LOCK)
          .map((rs, ctx) -> Boolean.TRUE)
          .one();
    }
    PreparedBatch batch = handle.prepareBatch(INSERT);
    for (JobEvent.Unrecorded event : events) {
      batch
          .bind("eventId", event.eventId())
          .bind("jobId", event.jobId())
          .bind("tenant", event.tenant())
          .bind("type", event.type().wireName())
          .bind("occurredAt", event.occurredAt().toEpochMilli())
          .bind("payload", event.payload())
          .add();
    }
    batch.execute();
  }

  List<JobEvent> read(EventQuery query) {
    return jdbi.withHandle(
        handle -> {
          var statement =
              handle
                  .createQuery(readSql(query))
                  .bind("after", query.afterSeq())
                  .bind("limit", query.limit());
          query.tenantIfSet().ifPresent(tenant -> statement.bind("tenant", tenant));
          query.jobIdIfSet().ifPresent(jobId -> statement.bind("jobId", jobId));
          return statement.map(EVENTS).list();
        });
  }

  /** The page query for {@code query}: only the filter it sets, so that it reads its index. */
  static String readSql(EventQuery query) {
    String filter =
        query.tenantIfSet().map(t -> " AND tenant = :tenant").orElse("")
            + query.jobIdIfSet().map(j -> " AND job_id = :jobId").orElse("");
    return SELECT + " WHERE seq > :after" + filter + "\n ORDER BY seq\n LIMIT :limit";
  }

  long lastSeq() {
    return jdbi.withHandle(handle -> handle.createQuery(LAST_SEQ).mapTo(Long.class).one());
  }

  int prune(Instant cutoff, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    return jdbi.inTransaction(
        handle ->
            handle
                .createUpdate(PRUNE)
                .bind("cutoff", cutoff.toEpochMilli())
                .bind("limit", limit)
                .execute());
  }

  static JobEventType typeOf(String wireName) {
    return JobEventType.fromWire(wireName)
        .orElseThrow(
            () -> new IllegalStateException("unknown event type in the database: " + wireName));
  }
}
