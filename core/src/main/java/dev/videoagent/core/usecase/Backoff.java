package dev.videoagent.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait after failures in a row: exponential with full jitter (a random wait between
 * zero and {@code base × 2^failures}, capped), or exactly what the gateway asked for with {@code
 * Retry-After}, also capped so that a silly header cannot park a job for hours.
 */
public record Backoff(Duration base, Duration cap) {

  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap");
    }
  }

  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
  }

  /**
   * @param failures failures in a row, counting the one just seen (at least 1)
   * @param retryAfter what the server asked for, or {@code null}
   * @param random a number in [0, 1)
   */
  public Duration delay(int failures, Duration retryAfter, double random) {
    if (retryAfter != null && !retryAfter.isNegative()) {
      return retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
    }
    int exponent = Math.max(0, Math.min(failures - 1, 30));
    double ceiling = Math.min(cap.toMillis(), base.toMillis() * Math.pow(2, exponent));
    double r = Math.max(0.0, Math.min(random, 1.0));
    // Never zero: a tight loop against a failing gateway is the one thing back-off must prevent.
    return Duration.ofMillis(Math.max(250, Math.round(ceiling * r)));
  }
}
