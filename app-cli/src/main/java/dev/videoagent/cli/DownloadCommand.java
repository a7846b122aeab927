package dev.videoagent.cli;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.GetJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent download ID -o FILE}: the stored video, copied out. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Writes a completed job's video to a file.",
      "",
      "The job is advanced first if it is due; a completed job whose video is not stored (the"
          + " download gave up earlier) is downloaded again now.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  videoagent download vid_01JD5Z8K3V0000000000000000 -o demo.mp4",
      "",
      "Without a key (PIXAZO_API_KEY) a stored video is saved as it is, and stderr says that"
          + " nothing was refreshed; a video that must be fetched needs the key.",
      "",
      "Exit codes: 0 saved, 1 the job failed, was canceled or its video could not be"
          + " downloaded, 2 no such job, a file that cannot be written or a configuration error,"
          + " 3 the job is not finished yet ('videoagent wait ID -o FILE' waits for it)."
    })
final class DownloadCommand implements Callable<Integer> {
  private final CliContext context;
  private final Sessions sessions;

  @Parameters(index = "0", paramLabel = "ID", description = "The job id (vid_…).")
  String id;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "Where to write the video: a new or regular file in a folder that exists.")
  Path output;

  DownloadCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    OutputFile.check(context.workingDir(), output);
    try (Session session = sessions.openLocal()) {
      VideoJob stored =
          session
              .get(GetJob.class)
              .get(Access.operator(), id)
              .orElseThrow(() -> CliException.noSuchJob(id));
      if (!session.gatewayUsable()) {
        context.note(Session.notRefreshed());
      } else if (stored.isDue(session.get(Clock.class).instant())) {
        session.get(AdvanceJob.class).refresh(stored);
      }
      VideoJob job =
          new SaveVideo(session.get(DownloadVideo.class), context.workingDir()).to(id, output);
      context
          .out()
          .println(
              Visible.text(
                  "Saved "
                      + job.id()
                      + " to "
                      + context.workingDir().resolve(output).normalize()
                      + " ("
                      + job.content().bytes()
                      + " bytes, sha256 "
                      + job.content().sha256()
                      + ")."));
      context.out().flush();
      return ExitCode.OK;
    }
  }
}
