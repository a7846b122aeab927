package dev.videoagent.core.testing;

import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.UsageDay;
import dev.videoagent.core.port.UsageRepository;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The usage counters and tenant limits in maps; {@link InMemoryJobRepository} writes them. */
public final class InMemoryUsage implements UsageRepository {
  private final Map<String, TreeMap<LocalDate, UsageCounts>> byTenant = new HashMap<>();
  private final Map<LocalDate, Long> deploymentAdmissions = new HashMap<>();
  private final Map<String, TenantLimits> limits = new TreeMap<>();

  synchronized void add(String tenant, LocalDate day, UsageCounts counts) {
    byTenant.computeIfAbsent(tenant, t -> new TreeMap<>()).merge(day, counts, UsageCounts::plus);
    if (counts.admissions() > 0) {
      deploymentAdmissions.merge(day, counts.admissions(), Long::sum);
    }
  }

  synchronized long admissions(String tenant, LocalDate day) {
    UsageCounts counts = byTenant.getOrDefault(tenant, new TreeMap<>()).get(day);
    return counts == null ? 0 : counts.admissions();
  }

  synchronized long deploymentAdmissions(LocalDate day) {
    return deploymentAdmissions.getOrDefault(day, 0L);
  }

  @Override
  public synchronized List<UsageDay> days(String tenant, LocalDate from, LocalDate to) {
    return byTenant
        .getOrDefault(tenant, new TreeMap<>())
        .subMap(from, true, to, true)
        .entrySet()
        .stream()
        .map(e -> new UsageDay(e.getKey(), e.getValue()))
        .toList();
  }

  @Override
  public synchronized TenantLimits limits(String tenant) {
    return limits.getOrDefault(tenant, TenantLimits.NONE);
  }

  @Override
  public synchronized void setLimits(String tenant, TenantLimits value) {
    if (value.isEmpty()) {
      limits.remove(tenant);
    } else {
      limits.put(tenant, value);
    }
  }

  @Override
  public synchronized Map<String, TenantLimits> allLimits() {
    return Map.copyOf(limits);
  }
}
