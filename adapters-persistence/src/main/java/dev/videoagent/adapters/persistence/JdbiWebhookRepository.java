package dev.videoagent.adapters.persistence;

import dev.videoagent.core.Delivery;
import dev.videoagent.core.DeliveryState;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.SigningSecrets;
import dev.videoagent.core.WebhookEndpoint;
import dev.videoagent.core.WebhookSecret;
import dev.videoagent.core.port.AttemptOutcome;
import dev.videoagent.core.port.ClaimedDelivery;
import dev.videoagent.core.port.NewDelivery;
import dev.videoagent.core.port.WebhookRepository;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * The webhook outbox in SQLite or PostgreSQL. A claim is one transaction: on SQLite it holds the
 * database's one write lock (transactions start IMMEDIATE); on PostgreSQL the due rows are locked
 * with {@code FOR UPDATE SKIP LOCKED}, so concurrent dispatchers take different rows without
 * waiting on each other. A claimed delivery's {@code next_attempt_at} moves to the end of its
 * lease, so it is not due for anyone else meanwhile, and its outcome is written only with its claim
 * token.
 */
final class JdbiWebhookRepository implements WebhookRepository {
  /** The {@code target} of a delivery to the job's {@code callback_url}. */
  static final String CALLBACK_TARGET = "callback";

  private static final String DELIVERY_COLUMNS =
      """
      d.id, d.event_id, d.job_id, d.tenant, d.type, d.endpoint_id, d.url, d.state, d.attempts,
      d.last_status, d.last_error, d.delivered_at, d.next_attempt_at, d.created_at
      """;

  private static final String INSERT_DELIVERY =
      """
      INSERT INTO webhook_deliveries
        (id, event_id, job_id, tenant, type, target, endpoint_id, url, state, attempts,
         next_attempt_at, give_up_at, created_at)
      VALUES (:id, :eventId, :jobId, :tenant, :type, :target, :endpointId, :url, 'pending', 0,
              :createdAt, :giveUpAt, :createdAt)
      ON CONFLICT (event_id, target) DO NOTHING
      """;

  private static final String DUE =
      """
      SELECT id FROM webhook_deliveries
       WHERE state = 'pending' AND next_attempt_at <= :now
       ORDER BY next_attempt_at
       LIMIT :limit
      """;

  private static final String CLAIM =
      """
      UPDATE webhook_deliveries
         SET claim = :claim, claimed_until = :until, next_attempt_at = :until,
             attempts = attempts + 1
       WHERE id = :id AND state = 'pending' AND next_attempt_at <= :now
      """;

  private static final String CLAIMED =
      """
      SELECT d.id, d.claim, d.event_id, d.job_id, d.tenant, d.type, d.endpoint_id, d.url,
             d.attempts, d.give_up_at, d.claimed_until, e.payload
        FROM webhook_deliveries d JOIN job_events e ON e.event_id = d.event_id
       WHERE d.claim = :claim
       ORDER BY d.created_at, d.id
      """;

  private static final RowMapper<WebhookEndpoint> ENDPOINTS =
      (rs, ctx) ->
          new WebhookEndpoint(
              rs.getString("id"),
              rs.getString("tenant"),
              URI.create(rs.getString("url")),
              eventsOf(rs.getString("events")),
              rs.getBoolean("enabled"),
              Instant.ofEpochMilli(rs.getLong("created_at")));

  private static final RowMapper<Delivery> DELIVERIES =
      (rs, ctx) ->
          new Delivery(
              rs.getString("id"),
              rs.getString("event_id"),
              rs.getString("job_id"),
              rs.getString("tenant"),
              JdbiChangeRecord.typeOf(rs.getString("type")),
              URI.create(rs.getString("url")),
              rs.getString("endpoint_id"),
              DeliveryState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
              rs.getInt("attempts"),
              integerOrNull(rs, "last_status"),
              rs.getString("last_error"),
              instantOrNull(rs, "delivered_at"),
              instantOrNull(rs, "next_attempt_at"),
              Instant.ofEpochMilli(rs.getLong("created_at")));

  private static final RowMapper<ClaimedDelivery> CLAIMS =
      (rs, ctx) ->
          new ClaimedDelivery(
              rs.getString("id"),
              rs.getString("claim"),
              rs.getString("event_id"),
              rs.getString("job_id"),
              rs.getString("tenant"),
              JdbiChangeRecord.typeOf(rs.getString("type")),
              rs.getString("endpoint_id"),
              URI.create(rs.getString("url")),
              rs.getInt("attempts"),
              Instant.ofEpochMilli(rs.getLong("give_up_at")),
              Instant.ofEpochMilli(rs.getLong("claimed_until")),
              rs.getString("payload"));

  private final Jdbi jdbi;
  private final Dialect dialect;

  JdbiWebhookRepository(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  // ---------------------------------------------------------------------------------------------
  // Secrets.

  @Override
  public Optional<SigningSecrets> secrets(String tenant) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT secret, previous_secret, previous_until FROM webhook_secrets"
                        + " WHERE tenant = :tenant")
                .bind("tenant", tenant)
                .map(
                    (rs, ctx) -> {
                      String previous = rs.getString("previous_secret");
                      return new SigningSecrets(
                          new WebhookSecret(rs.getString("secret")),
                          previous == null ? null : new WebhookSecret(previous),
                          instantOrNull(rs, "previous_until"));
                    })
                .findOne());
  }

  @Override
  public SigningSecrets secretsIfAbsent(String tenant, SigningSecrets secrets, Instant at) {
    jdbi.useTransaction(
        handle ->
            handle
                .createUpdate(
                    """
                    INSERT INTO webhook_secrets
                      (tenant, secret, previous_secret, previous_until, created_at)
                    VALUES (:tenant, :secret, :previous, :previousUntil, :createdAt)
                    ON CONFLICT (tenant) DO NOTHING
                    """)
                .bind("tenant", tenant)
                .bind("secret", secrets.current().key())
                .bind("previous", secrets.previous() == null ? null : secrets.previous().key())
                .bind("previousUntil", millisOrNull(secrets.previousUntil()))
                .bind("createdAt", at.toEpochMilli())
                .execute());
    return secrets(tenant).orElseThrow();
  }

  @Override
  public boolean replaceSecrets(String tenant, SigningSecrets expected, SigningSecrets next) {
    return jdbi.inTransaction(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE webhook_secrets
                           SET secret = :secret, previous_secret = :previous,
                               previous_until = :previousUntil
                         WHERE tenant = :tenant AND secret = :expected
                        """)
                    .bind("tenant", tenant)
                    .bind("expected", expected.current().key())
                    .bind("secret", next.current().key())
                    .bind("previous", next.previous() == null ? null : next.previous().key())
                    .bind("previousUntil", millisOrNull(next.previousUntil()))
                    .execute())
        == 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Endpoints.

  @Override
  public void addEndpoint(WebhookEndpoint endpoint) {
    jdbi.useTransaction(
        handle ->
            handle
                .createUpdate(
                    """
                    INSERT INTO webhook_endpoints (id, tenant, url, events, enabled, created_at)
                    VALUES (:id, :tenant, :url, :events, :enabled, :createdAt)
                    """)
                .bind("id", endpoint.id())
                .bind("tenant", endpoint.tenant())
                .bind("url", endpoint.url().toString())
                .bind(
                    "events",
                    endpoint.events().isEmpty()
                        ? ""
                        : endpoint.eventList().stream()
                            .map(JobEventType::wireName)
                            .collect(Collectors.joining(",")))
                .bind("enabled", endpoint.enabled())
                .bind("createdAt", endpoint.createdAt().toEpochMilli())
                .execute());
  }

  @Override
  public List<WebhookEndpoint> endpoints(String tenant) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, tenant, url, events, enabled, created_at FROM webhook_endpoints"
                        + " WHERE tenant = :tenant ORDER BY created_at, id")
                .bind("tenant", tenant)
                .map(ENDPOINTS)
                .list());
  }

  @Override
  public boolean removeEndpoint(String tenant, String endpointId) {
    return jdbi.inTransaction(
        handle -> {
          int removed =
              handle
                  .createUpdate("DELETE FROM webhook_endpoints WHERE id = :id AND tenant = :tenant")
                  .bind("id", endpointId)
                  .bind("tenant", tenant)
                  .execute();
          if (removed == 0) {
            return false;
          }
          stopPending(handle, "endpoint_id = :endpointId", "the endpoint was removed")
              .bind("endpointId", endpointId)
              .execute();
          return true;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Fan-out.

  @Override
  public List<JobEvent> eventsToFanOut(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT seq, event_id, job_id, tenant, type, occurred_at, payload
                      FROM job_events
                     WHERE fanned_out_at IS NULL
                     ORDER BY seq
                     LIMIT :limit
                    """)
                .bind("limit", limit)
                .map(JdbiChangeRecord.EVENTS)
                .list());
  }

  @Override
  public boolean callbackGone(String jobId) {
    return jdbi.withHandle(
        handle ->
            handle
                    .createQuery(
                        "SELECT COUNT(*) FROM webhook_deliveries WHERE job_id = :jobId"
                            + " AND target = :target AND last_status = 410")
                    .bind("jobId", jobId)
                    .bind("target", CALLBACK_TARGET)
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  @Override
  public void recordFanOut(List<JobEvent> events, List<NewDelivery> deliveries, Instant at) {
    if (events.isEmpty()) {
      return;
    }
    Map<String, JobEvent> byId =
        events.stream().collect(Collectors.toMap(JobEvent::eventId, Function.identity()));
    jdbi.useTransaction(
        handle -> {
          if (!deliveries.isEmpty()) {
            PreparedBatch batch = handle.prepareBatch(INSERT_DELIVERY);
            for (NewDelivery delivery : deliveries) {
              JobEvent event = byId.get(delivery.eventId());
              if (event == null) {
                throw new IllegalArgumentException(
                    "delivery " + delivery.id() + " is for an event not in this fan-out");
              }
              batch
                  .bind("id", delivery.id())
                  .bind("eventId", event.eventId())
                  .bind("jobId", event.jobId())
                  .bind("tenant", event.tenant())
                  .bind("type", event.type().wireName())
                  .bind(
                      "target",
                      delivery.endpointId() == null ? CALLBACK_TARGET : delivery.endpointId())
                  .bind("endpointId", delivery.endpointId())
                  .bind("url", delivery.url().toString())
                  .bind("createdAt", delivery.createdAt().toEpochMilli())
                  .bind("giveUpAt", delivery.giveUpAt().toEpochMilli())
                  .add();
            }
            batch.execute();
          }
          PreparedBatch marks =
              handle.prepareBatch(
                  "UPDATE job_events SET fanned_out_at = :at"
                      + " WHERE seq = :seq AND fanned_out_at IS NULL");
          for (JobEvent event : events) {
            marks.bind("at", at.toEpochMilli()).bind("seq", event.seq()).add();
          }
          marks.execute();
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch.

  @Override
  public List<ClaimedDelivery> claimDue(Instant now, Duration lease, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    String claim = UUID.randomUUID().toString();
    long until = now.plus(lease).toEpochMilli();
    String due = dialect == Dialect.POSTGRESQL ? DUE + " FOR UPDATE SKIP LOCKED" : DUE;
    // A plain read first: an idle dispatcher must not take SQLite's write lock every round.
    boolean anyDue =
        jdbi.withHandle(
            handle ->
                !handle
                    .createQuery(DUE)
                    .bind("now", now.toEpochMilli())
                    .bind("limit", 1)
                    .mapTo(String.class)
                    .list()
                    .isEmpty());
    if (!anyDue) {
      return List.of();
    }
    return jdbi.inTransaction(
        handle -> {
          List<String> ids =
              handle
                  .createQuery(due)
                  .bind("now", now.toEpochMilli())
                  .bind("limit", limit)
                  .mapTo(String.class)
                  .list();
          if (ids.isEmpty()) {
            return List.of();
          }
          PreparedBatch batch = handle.prepareBatch(CLAIM);
          for (String id : ids) {
            batch
                .bind("claim", claim)
                .bind("until", until)
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .add();
          }
          batch.execute();
          return handle.createQuery(CLAIMED).bind("claim", claim).map(CLAIMS).list();
        });
  }

  @Override
  public boolean record(ClaimedDelivery claimed, AttemptOutcome outcome) {
    return jdbi.inTransaction(
        handle -> {
          boolean written = write(handle, claimed, outcome);
          if (written && outcome instanceof AttemptOutcome.Gone) {
            stopTarget(handle, claimed);
          }
          return written;
        });
  }

  private boolean write(Handle handle, ClaimedDelivery claimed, AttemptOutcome outcome) {
    Update update;
    if (outcome instanceof AttemptOutcome.Delivered delivered) {
      // A 2xx is the truth whatever else happened meanwhile (a 410 seen by another send).
      update =
          handle
              .createUpdate(
                  """
                  UPDATE webhook_deliveries
                     SET state = 'delivered', last_status = :status, last_error = NULL,
                         delivered_at = :at, next_attempt_at = NULL, claimed_until = NULL,
                         claim = NULL
                   WHERE id = :id AND claim = :claim
                  """)
              .bind("at", delivered.at().toEpochMilli());
    } else if (outcome instanceof AttemptOutcome.RetryAt retry) {
      update =
          handle
              .createUpdate(
                  """
                  UPDATE webhook_deliveries
                     SET last_status = :status, last_error = :error, next_attempt_at = :next,
                         claimed_until = NULL, claim = NULL
                   WHERE id = :id AND claim = :claim AND state = 'pending'
                  """)
              .bind("error", bounded(retry.error()))
              .bind("next", retry.nextAttemptAt().toEpochMilli());
    } else if (outcome instanceof AttemptOutcome.GaveUp gaveUp) {
      update =
          handle
              .createUpdate(
                  """
                  UPDATE webhook_deliveries
                     SET state = 'gave_up', last_status = :status, last_error = :error,
                         next_attempt_at = NULL, claimed_until = NULL, claim = NULL
                   WHERE id = :id AND claim = :claim AND state = 'pending'
                  """)
              .bind("error", bounded("gave up after the retry period: " + gaveUp.error()));
    } else {
      update =
          handle.createUpdate(
              """
              UPDATE webhook_deliveries
                 SET state = 'stopped', last_status = :status,
                     last_error = 'answered 410 Gone: no more deliveries to this target',
                     next_attempt_at = NULL, claimed_until = NULL, claim = NULL
               WHERE id = :id AND claim = :claim AND state = 'pending'
              """);
    }
    return update
            .bind("status", outcome.status())
            .bind("id", claimed.id())
            .bind("claim", claimed.claim())
            .execute()
        == 1;
  }

  /** After a 410: the endpoint is disabled, or the job's callback deliveries stop. */
  private void stopTarget(Handle handle, ClaimedDelivery claimed) {
    if (claimed.toCallbackUrl()) {
      stopPending(
              handle,
              "job_id = :jobId AND target = :target",
              "the callback URL answered 410 Gone on an earlier delivery")
          .bind("jobId", claimed.jobId())
          .bind("target", CALLBACK_TARGET)
          .execute();
    } else {
      handle
          .createUpdate("UPDATE webhook_endpoints SET enabled = :enabled WHERE id = :id")
          .bind("enabled", false)
          .bind("id", claimed.endpointId())
          .execute();
      stopPending(handle, "endpoint_id = :endpointId", "the endpoint answered 410 Gone")
          .bind("endpointId", claimed.endpointId())
          .execute();
    }
  }

  private static Update stopPending(Handle handle, String where, String why) {
    return handle
        .createUpdate(
            "UPDATE webhook_deliveries SET state = 'stopped', next_attempt_at = NULL,"
                + " last_error = :why WHERE state = 'pending' AND "
                + where)
        .bind("why", why);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading and redelivery.

  @Override
  public List<Delivery> deliveriesOfJob(String jobId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + DELIVERY_COLUMNS
                        + " FROM webhook_deliveries d WHERE d.job_id = :jobId"
                        + " ORDER BY d.created_at, d.id")
                .bind("jobId", jobId)
                .map(DELIVERIES)
                .list());
  }

  @Override
  public Optional<Delivery> delivery(String deliveryId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d WHERE d.id = :id")
                .bind("id", deliveryId)
                .map(DELIVERIES)
                .findOne());
  }

  @Override
  public boolean redeliver(String deliveryId, Instant now, Instant giveUpAt) {
    return jdbi.inTransaction(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE webhook_deliveries
                           SET state = 'pending', next_attempt_at = :now, claimed_until = NULL,
                               claim = NULL, give_up_at = :giveUpAt
                         WHERE id = :id
                        """)
                    .bind("now", now.toEpochMilli())
                    .bind("giveUpAt", giveUpAt.toEpochMilli())
                    .bind("id", deliveryId)
                    .execute())
        == 1;
  }

  // ---------------------------------------------------------------------------------------------

  private static Set<JobEventType> eventsOf(String text) {
    if (text == null || text.isEmpty()) {
      return Set.of();
    }
    Set<JobEventType> types = EnumSet.noneOf(JobEventType.class);
    Arrays.stream(text.split(",")).map(JdbiChangeRecord::typeOf).forEach(types::add);
    return types;
  }

  /** Errors come from receivers and networks: keep a sentence, not a page. */
  private static String bounded(String error) {
    return error.length() <= 500 ? error : error.substring(0, 500) + "…";
  }

  private static Long millisOrNull(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Integer integerOrNull(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }
}
