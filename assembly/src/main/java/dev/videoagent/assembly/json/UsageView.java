package dev.videoagent.assembly.json;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.UsageDay;
import dev.videoagent.core.usecase.ReportUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A usage report as users see it, from the service's {@code /v1/usage} and {@code usage --json}.
 */
public final class UsageView {
  private UsageView() {}

  /** The report as the JSON users get: the contract's snake_case fields. */
  public static Map<String, Object> document(ReportUsage.UsageReport report) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("from", report.from().toString());
    doc.put("to", report.to().toString());
    List<Map<String, Object>> days = new ArrayList<>();
    for (UsageDay day : report.days()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("date", day.date().toString());
      row.putAll(counts(day.counts()));
      days.add(row);
    }
    doc.put("days", days);
    Map<String, Object> totals = counts(report.totals());
    report
        .estimatedCostIfPriced()
        .ifPresent(
            cost -> {
              Map<String, Object> estimate = new LinkedHashMap<>();
              estimate.put("amount", cost.amount().toPlainString());
              estimate.put("basis", ReportUsage.EstimatedCost.BASIS);
              estimate.put("estimate", true);
              totals.put("estimated_cost", estimate);
            });
    doc.put("totals", totals);
    return doc;
  }

  private static Map<String, Object> counts(UsageCounts counts) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("submitted", counts.submitted());
    row.put("accepted", counts.accepted());
    row.put("completed", counts.completed());
    row.put("failed", counts.failed());
    row.put("stored_bytes", counts.storedBytes());
    row.put("created", counts.created());
    row.put("retries", counts.retries());
    Map<String, Long> byCode = new TreeMap<>();
    for (Map.Entry<ErrorCode, Long> entry : counts.failedByCode().entrySet()) {
      byCode.put(entry.getKey().wireName(), entry.getValue());
    }
    row.put("failed_by_code", byCode);
    return row;
  }
}
