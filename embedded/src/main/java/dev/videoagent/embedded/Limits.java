package dev.videoagent.embedded;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The agent's tenant's own limits, as {@link VideoAgent#limits()} reads them and {@link
 * VideoAgent#changeLimits(Long, Integer)} sets them (the service's {@code videoagent keys limit}
 * sets the same ones). An unset daily limit falls back to {@link
 * VideoAgent.Builder#tenantDailyLimit(long) the default for every tenant}; an unset in-flight limit
 * leaves the tenant bound by {@link VideoAgent.Builder#maxInFlight(int)} only.
 *
 * <p>Thread-safe (immutable).
 *
 * @param daily creates and retries allowed per UTC day, or null when unset
 * @param inFlight the tenant's jobs at the gateway at once, or null when unset
 */
public record Limits(Long daily, Integer inFlight) {
  /**
   * Checks the limits.
   *
   * @param daily creates and retries allowed per UTC day, or null when unset
   * @param inFlight the tenant's jobs at the gateway at once, or null when unset
   * @throws IllegalArgumentException when {@code daily} is negative or {@code inFlight} is less
   *     than 1
   */
  public Limits {
    if (daily != null && daily < 0) {
      throw new IllegalArgumentException("The daily limit must be 0 or more, not " + daily + ".");
    }
    if (inFlight != null && inFlight < 1) {
      throw new IllegalArgumentException(
          "The in-flight limit must be 1 or more, not " + inFlight + ".");
    }
  }

  /**
   * The daily limit, when the tenant has its own.
   *
   * @return the limit, or empty
   */
  public OptionalLong dailyIfSet() {
    return daily == null ? OptionalLong.empty() : OptionalLong.of(daily);
  }

  /**
   * The in-flight limit, when the tenant has its own.
   *
   * @return the limit, or empty
   */
  public OptionalInt inFlightIfSet() {
    return inFlight == null ? OptionalInt.empty() : OptionalInt.of(inFlight);
  }
}
