package dev.videoagent.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent wait ID}: advance one job until it settles, showing progress. */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Waits until a job's video is stored.",
      "",
      "Advances the job itself (no service needed) and shows a progress line on a terminal."
          + " Ctrl-C stops the waiting, not the job.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  videoagent wait vid_01JD5Z8K3V0000000000000000 -o demo.mp4",
      "  videoagent wait vid_01JD5Z8K3V0000000000000000 --timeout 10m --json",
      "",
      "Exit codes: 0 completed (and saved with -o), 1 the job failed or was canceled, 2 no such"
          + " job or a configuration error, 3 the gateway could not be reached or --timeout"
          + " passed (the job goes on: run the same command again)."
    })
final class WaitCommand implements Callable<Integer> {
  private final CliContext context;
  private final Sessions sessions;

  @Parameters(index = "0", paramLabel = "ID", description = "The job id (vid_…).")
  String id;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description =
          "Stop waiting after this long (90s, 15m, 2h). Default: until the job settles; its own"
              + " deadline (VIDEOAGENT_JOB_DEADLINE, 2h) ends it.")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write the finished video to FILE: a new or regular file in a folder that exists.")
  Path output;

  @Option(names = "--json", description = "Print the job as one JSON document when done.")
  boolean json;

  WaitCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (output != null) {
      OutputFile.check(context.workingDir(), output);
    }
    try (Session session = sessions.open()) {
      return new WaitFlow(context, session, json).await(id, timeout, output);
    }
  }
}
