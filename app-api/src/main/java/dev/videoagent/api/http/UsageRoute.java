package dev.videoagent.api.http;

import dev.videoagent.assembly.json.UsageView;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.ReportUsage;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code GET /v1/usage?from=&to=}: the caller's tenant's counters, day by day (UTC). */
public final class UsageRoute {
  private final ReportUsage usage;

  public UsageRoute(ReportUsage usage) {
    this.usage = usage;
  }

  public void get(Context ctx, Access access) {
    TenantName tenant =
        access
            .tenantFilter()
            .map(TenantName::of)
            .orElseThrow(() -> new IllegalStateException("API callers always belong to a tenant"));
    LocalDate from = date(ctx, "from");
    LocalDate to = date(ctx, "to");
    ctx.json(UsageView.document(usage.report(tenant, from, to)));
  }

  private static LocalDate date(Context ctx, String field) {
    String raw = ctx.queryParam(field);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw new ValidationException(
          field,
          field + " must be a date as YYYY-MM-DD, not \"" + BoundedText.cut(raw, 40) + "\".");
    }
  }
}
