package dev.videoagent.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A daily limit refused an admission: which one, how high it is and when it resets (the next 00:00
 * UTC).
 *
 * @param tenant whose create or retry was refused
 */
public record DailyLimitReached(Scope scope, String tenant, long limit, Instant resetsAt) {
  /** Whose limit it is. */
  public enum Scope {
    /** The tenant's own limit, or the default for every tenant. */
    TENANT,
    /** The deployment's limit, for every tenant together. */
    DEPLOYMENT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DailyLimitReached {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(resetsAt, "resetsAt");
  }

  /** The sentence users see, the same from the service, the command line and the library. */
  public String sentence() {
    String whose =
        scope == Scope.TENANT
            ? "Tenant " + tenant + " has reached its daily limit of "
            : "This deployment has reached its daily limit of ";
    return whose
        + limit
        + (limit == 1 ? " submission" : " submissions")
        + "; no new job or retry is taken until the limit resets at "
        + resetsAt
        + " (00:00 UTC).";
  }

  /** Whole seconds from {@code now} until the reset, at least 1: a {@code Retry-After}. */
  public long secondsUntilReset(Instant now) {
    long millis = resetsAt.toEpochMilli() - now.toEpochMilli();
    return Math.max(1, (millis + 999) / 1000);
  }
}
