package dev.videoagent.core;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The operator's daily limits on admissions (creates and retries, each one a new submission): a
 * default for every tenant and one for the whole deployment. A tenant's own limit ({@link
 * TenantLimits#daily()}) replaces the default.
 *
 * @param tenantDefault per tenant per UTC day, or {@code null} for no limit
 * @param deployment every tenant together per UTC day, or {@code null} for no limit
 */
public record DailyCaps(Long tenantDefault, Long deployment) {
  public static final DailyCaps NONE = new DailyCaps(null, null);

  public DailyCaps {
    if (tenantDefault != null && tenantDefault < 0) {
      throw new IllegalArgumentException("tenantDefault must be 0 or more");
    }
    if (deployment != null && deployment < 0) {
      throw new IllegalArgumentException("deployment must be 0 or more");
    }
  }

  /**
   * Whether one more admission on {@code day} stays within the caps, given the counts that include
   * it: the tenant's limit is checked first.
   *
   * @param tenantCount the tenant's admissions of {@code day}, this one included
   * @param deploymentCount every tenant's admissions of {@code day}, this one included
   * @return the limit reached, or empty when the admission is allowed
   */
  public Optional<DailyLimitReached> check(
      String tenant, LocalDate day, long tenantCount, long deploymentCount, TenantLimits own) {
    Long tenantLimit = own.daily() != null ? own.daily() : tenantDefault;
    if (tenantLimit != null && tenantCount > tenantLimit) {
      return Optional.of(
          new DailyLimitReached(DailyLimitReached.Scope.TENANT, tenant, tenantLimit, resetOf(day)));
    }
    if (deployment != null && deploymentCount > deployment) {
      return Optional.of(
          new DailyLimitReached(
              DailyLimitReached.Scope.DEPLOYMENT, tenant, deployment, resetOf(day)));
    }
    return Optional.empty();
  }

  public boolean isEmpty() {
    return tenantDefault == null && deployment == null;
  }

  private static java.time.Instant resetOf(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
