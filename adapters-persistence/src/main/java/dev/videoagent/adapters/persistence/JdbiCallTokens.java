package dev.videoagent.adapters.persistence;

import dev.videoagent.core.port.CallTokens;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * The gateway call rate's token bucket in the database ({@code gateway_call_rate}), shared by every
 * process on it. A token costs one UPDATE, its own short transaction: it refills the bucket by the
 * time passed on the database's clock, takes a token if one is there, and returns what it did. The
 * row lock (PostgreSQL) or the write lock (SQLite) makes concurrent takers go one after another; on
 * SQLite the transaction also lines the take up with this process's other writers ({@link
 * SqliteWriterQueue}).
 */
final class JdbiCallTokens implements CallTokens {
  private final Jdbi jdbi;
  private final String take;
  private final double perSecond;
  private final double capacity;

  JdbiCallTokens(Jdbi jdbi, Dialect dialect, double perSecond) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be positive");
    }
    this.jdbi = jdbi;
    this.take = takeSql(dialect);
    this.perSecond = perSecond;
    this.capacity = Math.max(1.0, perSecond);
  }

  /**
   * Every expression reads the row as it was before the statement, so the refill is written out in
   * each. The clock never runs back: a taker whose statement read an earlier time than the last
   * refill adds nothing.
   */
  private static String takeSql(Dialect dialect) {
    boolean postgres = dialect == Dialect.POSTGRESQL;
    String now =
        postgres
            ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)"
            : "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)";
    String greatest = postgres ? "GREATEST" : "MAX";
    String refilled =
        "%s(:capacity, tokens + %s(0, %s - refilled_at) * :perMicro)"
            .formatted(postgres ? "LEAST" : "MIN", greatest, now);
    return """
        UPDATE gateway_call_rate
           SET tokens = REFILLED - CASE WHEN REFILLED >= 1 THEN 1 ELSE 0 END,
               granted = (REFILLED >= 1),
               refilled_at = GREATEST(refilled_at, NOW)
         WHERE name = 'gateway'
        RETURNING tokens, granted
        """
        .replace("REFILLED", refilled)
        .replace("GREATEST", greatest)
        .replace("NOW", now);
  }

  @Override
  public Duration tryTake() {
    Taken taken =
        jdbi.inTransaction(
            handle ->
                handle
                    .createQuery(take)
                    .bind("capacity", capacity)
                    .bind("perMicro", perSecond / 1e6)
                    .map((rs, ctx) -> new Taken(rs.getDouble("tokens"), rs.getBoolean("granted")))
                    .one());
    if (taken.granted()) {
      return Duration.ZERO;
    }
    // At least a nanosecond: zero would read as a token taken.
    return Duration.ofNanos(Math.max(1L, (long) ((1.0 - taken.tokens()) / perSecond * 1e9)));
  }

  private record Taken(double tokens, boolean granted) {}
}
