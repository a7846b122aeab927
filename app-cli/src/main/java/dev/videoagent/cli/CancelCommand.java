package dev.videoagent.cli;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CancelJob.CancelResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent cancel ID}: stop tracking a job. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Stops tracking a job.",
      "",
      "The job is no longer submitted, read or downloaded. The gateway has no cancel call, so"
          + " a job it already took may still finish there (and be billed). Needs no"
          + " subscription key.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  videoagent cancel vid_01JD5Z8K3V0000000000000000",
      "",
      "Exit codes: 0 canceled (or already canceled), 2 no such job, or it already completed"
          + " or failed."
    })
final class CancelCommand implements Callable<Integer> {
  private final CliContext context;
  private final Sessions sessions;

  @Parameters(index = "0", paramLabel = "ID", description = "The job id (vid_…).")
  String id;

  @Option(names = "--json", description = "Print the job as one JSON document.")
  boolean json;

  CancelCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    try (Session session = sessions.openLocal()) {
      CancelResult result = session.get(CancelJob.class).cancel(Access.operator(), id);
      if (result instanceof CancelResult.NotFound) {
        throw CliException.noSuchJob(id);
      }
      VideoJob job;
      if (result instanceof CancelResult.AlreadyFinished finished) {
        job = finished.job();
        if (job.status() != JobStatus.CANCELED) {
          throw CliException.usage(
              "Job "
                  + id
                  + " is already "
                  + job.status().wireName()
                  + "; there is nothing to cancel.");
        }
      } else {
        job = ((CancelResult.Canceled) result).job();
      }
      if (json) {
        context.out().println(new JobOutput().document(job));
      } else {
        context.out().println(Visible.text("Canceled " + job.id() + "."));
      }
      context.out().flush();
      return ExitCode.OK;
    }
  }
}
