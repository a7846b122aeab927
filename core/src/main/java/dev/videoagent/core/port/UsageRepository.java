package dev.videoagent.core.port;

import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.UsageDay;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The usage counters and the operator's per-tenant limits, shared by every process on the database.
 * The counters are written by the {@link JobRepository}, in the same transaction as the change they
 * count ({@link dev.videoagent.core.UsageCounts#between}); this port reads them.
 */
public interface UsageRepository {

  /** The tenant's days from {@code from} to {@code to} (both included) that counted anything. */
  List<UsageDay> days(String tenant, LocalDate from, LocalDate to);

  /** The tenant's own limits, {@link TenantLimits#NONE} when none were set. */
  TenantLimits limits(String tenant);

  /** Sets the tenant's own limits (both of them; {@link TenantLimits#NONE} removes them). */
  void setLimits(String tenant, TenantLimits limits);

  /** Every tenant with limits of its own, by tenant name. */
  Map<String, TenantLimits> allLimits();
}
