package dev.videoagent.core.usecase;

import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.port.UsageRepository;
import java.util.Map;
import java.util.Objects;

/** The operator's per-tenant limits: set, read and list them. */
public final class SetTenantLimits {
  private final UsageRepository usage;

  public SetTenantLimits(UsageRepository usage) {
    this.usage = Objects.requireNonNull(usage, "usage");
  }

  /**
   * Changes the tenant's limits: each given value replaces the stored one; an absent one keeps it.
   *
   * @param daily the new daily limit, or {@code null} to keep the stored one
   * @param inFlight the new in-flight limit, or {@code null} to keep the stored one
   * @return the tenant's limits as now stored
   */
  public TenantLimits change(TenantName tenant, Long daily, Integer inFlight) {
    TenantLimits current = usage.limits(tenant.value());
    TenantLimits next =
        new TenantLimits(
            daily != null ? daily : current.daily(),
            inFlight != null ? inFlight : current.inFlight());
    usage.setLimits(tenant.value(), next);
    return next;
  }

  /** Removes the tenant's own limits: the deployment's defaults apply again. */
  public void clear(TenantName tenant) {
    usage.setLimits(tenant.value(), TenantLimits.NONE);
  }

  public TenantLimits of(TenantName tenant) {
    return usage.limits(tenant.value());
  }

  public Map<String, TenantLimits> all() {
    return usage.allLimits();
  }
}
