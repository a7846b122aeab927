package dev.videoagent.cli;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.RetryJob.RetryResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent retry ID}: submit a failed job again, as a new attempt. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Submits a failed job again.",
      "",
      "A new attempt under the same id; returns at once ('videoagent wait ID' follows it)."
          + " This is the only way a job is ever sent twice: after 'submission_unknown' the"
          + " gateway may already have billed the first attempt.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  videoagent retry vid_01JD5Z8K3V0000000000000000",
      "",
      "Exit codes: 0 resubmitted (or stored for submission), 2 no such job, the job has not"
          + " failed, or a configuration error."
    })
final class RetryCommand implements Callable<Integer> {
  private final CliContext context;
  private final Sessions sessions;

  @Parameters(index = "0", paramLabel = "ID", description = "The job id (vid_…).")
  String id;

  @Option(names = "--json", description = "Print the job as one JSON document.")
  boolean json;

  RetryCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    try (Session session = sessions.open()) {
      RetryResult result = session.get(RetryJob.class).retry(Access.operator(), id);
      if (result instanceof RetryResult.NotFound) {
        throw CliException.noSuchJob(id);
      }
      if (result instanceof RetryResult.NotFailed notFailed) {
        throw CliException.usage(
            "Only failed jobs can be retried; job "
                + id
                + " is "
                + notFailed.job().status().wireName()
                + ".");
      }
      VideoJob job = session.get(AdvanceJob.class).refresh(((RetryResult.Retried) result).job());
      new JobOutput().print(context.out(), job, json);
      String next =
          job.status() == JobStatus.PENDING && job.consecutiveFailures() > 0
              ? "The gateway did not take it yet (busy or unreachable); '"
                  + session.command("videoagent wait " + id)
                  + "' submits and follows it."
              : "Follow it with: " + session.command("videoagent wait " + id + " -o video.mp4");
      context.note("Retrying job " + id + " (attempt " + job.attempt() + "). " + next);
      return ExitCode.OK;
    }
  }
}
