package dev.videoagent.cli;

import dev.videoagent.assembly.json.Json;
import dev.videoagent.assembly.json.UsageView;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.UsageDay;
import dev.videoagent.core.usecase.ReportUsage;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videoagent usage --tenant NAME [--from DATE] [--to DATE] [--json]}. */
@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = {
      "Prints a tenant's usage per UTC day: submissions that may have been charged, acceptances,"
          + " completions, failures and stored bytes, as counted when they happened.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  videoagent usage --tenant acme --from 2026-11-01 --to 2026-11-30",
      "",
      "Exit codes: 0 printed, 2 a bad date, range, tenant or configuration error."
    })
final class UsageCommand implements Callable<Integer> {
  private final CliContext context;
  private final Sessions sessions;

  @Option(
      names = "--tenant",
      paramLabel = "NAME",
      required = true,
      description = "Whose usage: " + TenantName.RULE + ".")
  String tenant;

  @Option(names = "--from", paramLabel = "DATE", description = "First day, YYYY-MM-DD.")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last day, YYYY-MM-DD; today.")
  String to;

  @Option(names = "--json", description = "Print the report as one JSON document.")
  boolean json;

  UsageCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() throws Exception {
    if (!TenantName.isValid(tenant)) {
      throw CliException.usage("--tenant must be " + TenantName.RULE + ".");
    }
    LocalDate first = date("--from", from);
    LocalDate last = date("--to", to);
    try (Session session = sessions.openLocal()) {
      ReportUsage.UsageReport report =
          session.get(ReportUsage.class).report(TenantName.of(tenant), first, last);
      PrintWriter out = context.out();
      if (json) {
        out.println(Json.mapper().writeValueAsString(UsageView.document(report)));
      } else {
        String format = "%-10s %9s %8s %9s %6s %7s %14s%n";
        out.printf(
            format,
            "date",
            "submitted",
            "accepted",
            "completed",
            "failed",
            "retries",
            "stored_bytes");
        for (UsageDay day : report.days()) {
          row(out, format, day.date().toString(), day.counts());
        }
        row(out, format, "total", report.totals());
        report
            .estimatedCostIfPriced()
            .ifPresent(
                cost ->
                    out.println(
                        "estimated cost: "
                            + cost.amount().toPlainString()
                            + " ("
                            + ReportUsage.EstimatedCost.BASIS
                            + ", an estimate)"));
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  private static void row(PrintWriter out, String format, String label, UsageCounts c) {
    out.printf(
        format,
        label,
        c.submitted(),
        c.accepted(),
        c.completed(),
        c.failed(),
        c.retries(),
        c.storedBytes());
  }

  private static LocalDate date(String option, String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw CliException.usage(option + " must be a date as YYYY-MM-DD, not \"" + raw + "\".");
    }
  }
}
