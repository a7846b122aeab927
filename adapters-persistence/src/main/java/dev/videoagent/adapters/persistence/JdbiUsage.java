package dev.videoagent.adapters.persistence;

import dev.videoagent.core.DailyCaps;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.UsageDay;
import dev.videoagent.core.port.DailyLimitReachedException;
import dev.videoagent.core.port.UsageRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The usage counters ({@code usage_days}, {@code usage_failures}) and the tenants' limits ({@code
 * tenant_limits}). {@link #count} runs inside the job repository's transactions; the rest is the
 * {@link UsageRepository}.
 *
 * <p>Each counter is one upsert that adds to the day's row and returns its new value: the row lock
 * (PostgreSQL) or the write lock (SQLite) puts concurrent writers one after another, so the value a
 * writer reads back includes every admission committed before it, and a refused admission rolls its
 * own increment back with the job.
 */
final class JdbiUsage implements UsageRepository {
  /** The row of {@code usage_days} that counts the deployment's admissions; not a tenant name. */
  static final String DEPLOYMENT = "*";

  private static final String ADD =
      """
      INSERT INTO usage_days
             (tenant, day, created, submitted, accepted, completed, failed, retries, stored_bytes)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (tenant, day) DO UPDATE
         SET created = usage_days.created + excluded.created,
             submitted = usage_days.submitted + excluded.submitted,
             accepted = usage_days.accepted + excluded.accepted,
             completed = usage_days.completed + excluded.completed,
             failed = usage_days.failed + excluded.failed,
             retries = usage_days.retries + excluded.retries,
             stored_bytes = usage_days.stored_bytes + excluded.stored_bytes
      RETURNING created + retries AS admissions
      """;

  private static final String ADD_FAILURE =
      """
      INSERT INTO usage_failures (tenant, day, code, failed) VALUES (:tenant, :day, :code, :n)
      ON CONFLICT (tenant, day, code) DO UPDATE SET failed = usage_failures.failed + :n
      """;

  private static final String DAYS =
      """
      SELECT day, created, submitted, accepted, completed, failed, retries, stored_bytes
        FROM usage_days WHERE tenant = :tenant AND day >= :from AND day <= :to
      """;

  private static final String FAILURES =
      """
      SELECT day, code, failed
        FROM usage_failures WHERE tenant = :tenant AND day >= :from AND day <= :to
      """;

  private static final String LIMITS =
      "SELECT tenant, daily_limit, in_flight_limit FROM tenant_limits";

  /**
   * The tenant's jobs the gateway holds or may hold, through {@code jobs_by_tenant_and_status}: the
   * marked ones are found among the tenant's pending jobs, read only for tenants with such a limit.
   */
  private static final String TENANT_IN_FLIGHT =
      """
      SELECT (SELECT COUNT(*) FROM jobs
               WHERE tenant = :tenant AND status IN ('queued', 'processing'))
           + (SELECT COUNT(*) FROM jobs
               WHERE tenant = :tenant AND status = 'pending' AND submit_started_at IS NOT NULL)
      """;

  private final Jdbi jdbi;

  JdbiUsage(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Adds {@code counts} to the tenant's day of {@code at}; an admission (create or retry) also to
   * the deployment's, and is checked against {@code caps}.
   *
   * @throws DailyLimitReachedException when a daily limit refuses the admission; the caller's
   *     transaction must roll back (it does: the exception leaves it)
   */
  static void count(Handle handle, String tenant, Instant at, UsageCounts counts, DailyCaps caps) {
    if (counts.isZero()) {
      return;
    }
    LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
    String day = date.toString();
    long tenantAdmissions = add(handle, tenant, day, counts);
    for (Map.Entry<ErrorCode, Long> failure : counts.failedByCode().entrySet()) {
      handle
          .createUpdate(ADD_FAILURE)
          .bind("tenant", tenant)
          .bind("day", day)
          .bind("code", failure.getKey().wireName())
          .bind("n", failure.getValue())
          .execute();
    }
    if (counts.admissions() == 0) {
      return;
    }
    long deploymentAdmissions =
        add(
            handle,
            DEPLOYMENT,
            day,
            new UsageCounts(counts.admissions(), 0, 0, 0, 0, 0, 0, Map.of()));
    caps.check(tenant, date, tenantAdmissions, deploymentAdmissions, limits(handle, tenant))
        .ifPresent(
            reached -> {
              throw new DailyLimitReachedException(reached);
            });
  }

  /**
   * On every create and every update that counts usage, so run directly ({@link DirectStatements}).
   */
  private static long add(Handle handle, String tenant, String day, UsageCounts counts) {
    return DirectStatements.first(
            handle,
            ADD,
            statement -> {
              statement.setString(1, tenant);
              statement.setString(2, day);
              statement.setLong(3, counts.created());
              statement.setLong(4, counts.submitted());
              statement.setLong(5, counts.accepted());
              statement.setLong(6, counts.completed());
              statement.setLong(7, counts.failed());
              statement.setLong(8, counts.retries());
              statement.setLong(9, counts.storedBytes());
            },
            row -> row.getLong("admissions"))
        .orElseThrow(() -> new IllegalStateException("the usage upsert returned no row"));
  }

  /** On every create, so run directly ({@link DirectStatements}). */
  static TenantLimits limits(Handle handle, String tenant) {
    return DirectStatements.first(
            handle,
            LIMITS + " WHERE tenant = ?",
            statement -> statement.setString(1, tenant),
            JdbiUsage::limitsOf)
        .orElse(TenantLimits.NONE);
  }

  /** Whether the tenant has as many jobs in flight as its own in-flight limit allows, or more. */
  static boolean atInFlightLimit(Handle handle, String tenant) {
    Integer limit = limits(handle, tenant).inFlight();
    return limit != null && tenantInFlight(handle, tenant) >= limit;
  }

  /**
   * The tenants whose own in-flight limit is reached: their waiting jobs are held back. Reads only
   * the few tenants that have such a limit.
   */
  static List<String> heldTenants(Handle handle) {
    List<String> held = new ArrayList<>();
    Map<String, Integer> limited = new TreeMap<>();
    handle
        .createQuery(LIMITS + " WHERE in_flight_limit IS NOT NULL")
        .map((rs, ctx) -> Map.entry(rs.getString("tenant"), rs.getInt("in_flight_limit")))
        .forEach(entry -> limited.put(entry.getKey(), entry.getValue()));
    limited.forEach(
        (tenant, limit) -> {
          if (tenantInFlight(handle, tenant) >= limit) {
            held.add(tenant);
          }
        });
    return held;
  }

  private static long tenantInFlight(Handle handle, String tenant) {
    return handle.createQuery(TENANT_IN_FLIGHT).bind("tenant", tenant).mapTo(Long.class).one();
  }

  @Override
  public List<UsageDay> days(String tenant, LocalDate from, LocalDate to) {
    return jdbi.withHandle(
        handle -> {
          Map<String, Map<ErrorCode, Long>> failures = new HashMap<>();
          handle
              .createQuery(FAILURES)
              .bind("tenant", tenant)
              .bind("from", from.toString())
              .bind("to", to.toString())
              .map(
                  (rs, ctx) ->
                      new Failure(
                          rs.getString("day"),
                          ErrorCode.fromWire(rs.getString("code")),
                          rs.getLong("failed")))
              .forEach(
                  f ->
                      failures
                          .computeIfAbsent(f.day(), d -> new EnumMap<>(ErrorCode.class))
                          .put(f.code(), f.failed()));
          return handle
              .createQuery(DAYS + " ORDER BY day")
              .bind("tenant", tenant)
              .bind("from", from.toString())
              .bind("to", to.toString())
              .map(
                  (rs, ctx) ->
                      new UsageDay(
                          LocalDate.parse(rs.getString("day")),
                          new UsageCounts(
                              rs.getLong("created"),
                              rs.getLong("submitted"),
                              rs.getLong("accepted"),
                              rs.getLong("completed"),
                              rs.getLong("failed"),
                              rs.getLong("retries"),
                              rs.getLong("stored_bytes"),
                              failures.getOrDefault(rs.getString("day"), Map.of()))))
              .list();
        });
  }

  @Override
  public TenantLimits limits(String tenant) {
    return jdbi.withHandle(handle -> limits(handle, tenant));
  }

  @Override
  public void setLimits(String tenant, TenantLimits limits) {
    jdbi.useTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM tenant_limits WHERE tenant = :tenant")
              .bind("tenant", tenant)
              .execute();
          if (!limits.isEmpty()) {
            handle
                .createUpdate(
                    "INSERT INTO tenant_limits (tenant, daily_limit, in_flight_limit)"
                        + " VALUES (:tenant, :daily, :inFlight)")
                .bind("tenant", tenant)
                .bind("daily", limits.daily())
                .bind("inFlight", limits.inFlight())
                .execute();
          }
        });
  }

  @Override
  public Map<String, TenantLimits> allLimits() {
    Map<String, TenantLimits> all = new TreeMap<>();
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(LIMITS)
                .map((rs, ctx) -> Map.entry(rs.getString("tenant"), limitsOf(rs)))
                .forEach(entry -> all.put(entry.getKey(), entry.getValue())));
    return all;
  }

  private static TenantLimits limitsOf(ResultSet rs) throws SQLException {
    long daily = rs.getLong("daily_limit");
    Long dailyLimit = rs.wasNull() ? null : daily;
    int inFlight = rs.getInt("in_flight_limit");
    Integer inFlightLimit = rs.wasNull() ? null : inFlight;
    return new TenantLimits(dailyLimit, inFlightLimit);
  }

  private record Failure(String day, ErrorCode code, long failed) {}
}
