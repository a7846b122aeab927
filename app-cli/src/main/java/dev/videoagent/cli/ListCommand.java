package dev.videoagent.cli;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.AdvanceDueJobs;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.ListJobs;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videoagent list}: newest first, after advancing a bounded number of due jobs. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Lists jobs, newest first.",
      "",
      "Up to "
          + ListCommand.REFRESH_LIMIT
          + " due jobs are advanced first (submitted, read from the gateway, downloaded), so the"
          + " list shows where they really stand.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  videoagent list",
      "  videoagent list --status failed --limit 50 --json | jq -r .id",
      "  videoagent list --cursor vid_01JD5Z8K3V0000000000000000",
      "",
      "Without a key (PIXAZO_API_KEY) the jobs are listed as stored, and stderr says so.",
      "",
      "Exit codes: 0 listed, 2 a bad option or a configuration error (a refused key: the jobs"
          + " are still listed)."
    })
final class ListCommand implements Callable<Integer> {
  /** Due jobs advanced before listing: enough to keep a CLI-only user current, never slow. */
  static final int REFRESH_LIMIT = 20;

  static final int MAX_LIMIT = 100;

  private final CliContext context;
  private final Sessions sessions;

  @Option(
      names = "--status",
      paramLabel = "S",
      completionCandidates = Statuses.class,
      description = "Only jobs in this status: ${COMPLETION-CANDIDATES}.")
  String status;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N jobs, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(
      names = "--cursor",
      paramLabel = "ID",
      description = "Continue after this job id (printed at the end of the previous page).")
  String cursor;

  @Option(names = "--json", description = "Print one JSON document per job (JSON Lines).")
  boolean json;

  ListCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    JobStatus wanted = null;
    if (status != null) {
      wanted =
          JobStatus.fromWire(status.strip().toLowerCase(java.util.Locale.ROOT))
              .orElseThrow(
                  () ->
                      CliException.usage(
                          "--status must be one of " + String.join(", ", new Statuses()) + "."));
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw CliException.usage("--limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
    try (Session session = sessions.openLocal()) {
      if (cursor != null) {
        checkCursor(session);
      }
      String refreshProblem = null;
      if (session.gatewayUsable()) {
        try {
          session.get(AdvanceDueJobs.class).runOnce(REFRESH_LIMIT);
        } catch (GatewayAuthenticationException refused) {
          refreshProblem = refused.getMessage();
        }
      }
      JobPage page = session.get(ListJobs.class).list(Access.operator(), wanted, limit, cursor);
      print(page, session);
      if (!session.gatewayUsable()) {
        context.note(Session.notRefreshed());
      }
      if (refreshProblem != null) {
        context.note(refreshProblem);
        return ExitCode.USAGE;
      }
      return ExitCode.OK;
    }
  }

  /**
   * The cursor is the last id of the previous page. Anything else would page from nowhere and end
   * in a misleading "No more jobs", so it is refused before anything else is done.
   */
  private void checkCursor(Session session) {
    if (cursor.isBlank()
        || session.get(GetJob.class).get(Access.operator(), cursor.strip()).isEmpty()) {
      throw CliException.usage(
          "--cursor \""
              + cursor
              + "\" is not a job id in this database: pass the id that the previous page printed"
              + " after 'More jobs: videoagent list --cursor'.");
    }
    cursor = cursor.strip();
  }

  private void print(JobPage page, Session session) {
    PrintWriter out = context.out();
    PrintWriter err = context.err();
    if (json) {
      JobOutput output = new JobOutput();
      page.jobs().forEach(job -> out.println(output.line(job)));
    } else if (page.jobs().isEmpty()) {
      err.println(cursor == null ? "No jobs." : "No more jobs.");
    } else {
      out.printf("%-30s  %-10s  %-20s  %s%n", "ID", "STATUS", "CREATED", "PROMPT");
      for (VideoJob job : page.jobs()) {
        out.printf(
            "%-30s  %-10s  %-20s  %s%n",
            Visible.text(job.id()),
            job.status().wireName(),
            job.createdAt().truncatedTo(ChronoUnit.SECONDS),
            Visible.text(shorten(job.request().prompt(), 60)));
      }
    }
    out.flush();
    page.nextAfterIdIfAny()
        .ifPresent(
            next ->
                context.note(
                    "More jobs: "
                        + session.command(
                            "videoagent list --cursor "
                                + next
                                + (status == null ? "" : " --status " + status)
                                + " --limit "
                                + limit
                                + (json ? " --json" : ""))));
    err.flush();
  }

  /** One line of at most {@code max} characters, cut between characters (never inside a pair). */
  private static String shorten(String text, int max) {
    String line = text.replaceAll("\\s+", " ");
    if (line.codePointCount(0, line.length()) <= max) {
      return line;
    }
    return line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** The statuses, for completion and messages. */
  static final class Statuses extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Statuses() {
      super(
          Arrays.stream(JobStatus.values()).map(JobStatus::wireName).collect(Collectors.toList()));
    }
  }
}
