package dev.videoagent.cli;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.GetJob;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent status ID}: one job, advanced first if it is due. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Shows one job.",
      "",
      "If the job is due, it is advanced first (submitted, its status read from the gateway, or"
          + " its video downloaded), so a job left alone finishes when you look.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  videoagent status vid_01JD5Z8K3V0000000000000000",
      "  videoagent status vid_01JD5Z8K3V0000000000000000 --json | jq -r .status",
      "",
      "Without a key (PIXAZO_API_KEY) the job is shown as stored, and stderr says so.",
      "",
      "Exit codes: 0 the job was shown (whatever its status), 2 no such job or a configuration"
          + " error."
    })
final class StatusCommand implements Callable<Integer> {
  private final CliContext context;
  private final Sessions sessions;

  @Parameters(index = "0", paramLabel = "ID", description = "The job id (vid_…).")
  String id;

  @Option(names = "--json", description = "Print the job as one JSON document.")
  boolean json;

  StatusCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    try (Session session = sessions.openLocal()) {
      VideoJob stored =
          session
              .get(GetJob.class)
              .get(Access.operator(), id)
              .orElseThrow(() -> CliException.noSuchJob(id));
      // Only a due job needs the gateway; a settled one is shown without building it.
      boolean due = stored.isDue(session.get(Clock.class).instant());
      VideoJob job =
          due && session.gatewayUsable() ? session.get(AdvanceJob.class).refresh(stored) : stored;
      new JobOutput().print(context.out(), job, json);
      if (!session.gatewayUsable()) {
        context.note(Session.notRefreshed());
      }
      if (job != stored
          && job.consecutiveFailures() > stored.consecutiveFailures()
          && !new GatewayProbe(session.settings()).reachable()) {
        context.note(
            "Could not reach the gateway at "
                + session.settings().baseUrl()
                + "; this is the job as stored. It goes on once the gateway answers.");
      }
      return ExitCode.OK;
    }
  }
}
