package dev.videoagent.core;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * An operator's limits for one tenant. Each is optional: an unset daily limit falls back to the
 * deployment's default for every tenant ({@link DailyCaps#tenantDefault()}); an unset in-flight
 * limit leaves the tenant bound by the deployment's in-flight cap only.
 *
 * @param daily creates and retries allowed per UTC day, or {@code null}
 * @param inFlight the tenant's jobs at the gateway at once, or {@code null}
 */
public record TenantLimits(Long daily, Integer inFlight) {
  public static final TenantLimits NONE = new TenantLimits(null, null);

  public TenantLimits {
    if (daily != null && daily < 0) {
      throw new ValidationException(
          "daily", "The daily limit must be 0 or more, not " + daily + ".");
    }
    if (inFlight != null && inFlight < 1) {
      throw new ValidationException(
          "in_flight", "The in-flight limit must be 1 or more, not " + inFlight + ".");
    }
  }

  public Optional<Long> dailyIfSet() {
    return Optional.ofNullable(daily);
  }

  public OptionalInt inFlightIfSet() {
    return inFlight == null ? OptionalInt.empty() : OptionalInt.of(inFlight);
  }

  public boolean isEmpty() {
    return daily == null && inFlight == null;
  }
}
