package dev.videoagent.cli;

import dev.videoagent.core.IdempotencyKey;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.CreateJob.CreateResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent generate PROMPT}: store a job, submit it once, and maybe wait for it. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Makes a video from a sentence.",
      "",
      "Stores the job, submits it to the gateway once and, without --wait, prints it and"
          + " returns at once: 'status', 'wait' and 'list' finish it later (no service needed)."
          + " With --wait (or -o) it shows progress until the video is stored.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  videoagent generate --sandbox \"A 30-second product demo\" -o demo.mp4",
      "  videoagent generate \"Welcome to the team, Ana\" --orientation portrait \\",
      "      --metadata campaign=onboarding --json",
      "",
      "Exit codes: 0 stored (and with --wait: completed and saved), 1 the job failed or was"
          + " canceled, 2 usage or configuration error, 3 the gateway could not be reached or"
          + " --timeout passed (the job is kept: 'videoagent wait ID' resumes)."
    })
final class GenerateCommand implements Callable<Integer> {
  /** The tenant that owns jobs made at the command line (REST clients of "cli" see them too). */
  static final String CLI_TENANT = "cli";

  private final CliContext context;
  private final Sessions sessions;

  @Parameters(
      index = "0",
      paramLabel = "PROMPT",
      description = "What the video should show and say.")
  String prompt;

  @Option(names = "--avatar", paramLabel = "ID", description = "HeyGen avatar id (default: auto).")
  String avatar;

  @Option(names = "--voice", paramLabel = "ID", description = "HeyGen voice id (default: auto).")
  String voice;

  @Option(
      names = "--orientation",
      paramLabel = "landscape|portrait",
      completionCandidates = Orientations.class,
      description = "The frame (default: the agent decides).")
  String orientation;

  @Option(
      names = "--metadata",
      paramLabel = "KEY=VALUE",
      description = "Your own label, returned untouched; repeat for more.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Option(names = "--wait", description = "Wait until the video is stored, showing progress.")
  boolean wait;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write the finished video to FILE (implies --wait): a new or regular file in a folder"
              + " that exists.")
  Path output;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description =
          "Stop waiting after this long (90s, 15m, 2h; implies --wait). Default: until the job"
              + " settles; the job's own deadline (VIDEOAGENT_JOB_DEADLINE, 2h) ends it.")
  Duration timeout;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description =
          "Run the command again with the same key and prompt: you get the same job, never a"
              + " second one (a different prompt with the same key is refused).")
  String idempotencyKey;

  @Option(names = "--json", description = "Print the job as one JSON document.")
  boolean json;

  GenerateCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() throws InterruptedException {
    VideoRequest request = VideoRequest.parse(prompt, avatar, voice, orientation, metadata, null);
    if (output != null) {
      // Before the job is made: a file that cannot be written must not cost a video.
      OutputFile.check(context.workingDir(), output);
    }
    boolean waiting = wait || output != null || timeout != null;
    try (Session session = sessions.open()) {
      CreateResult created =
          session
              .get(CreateJob.class)
              .create(
                  TenantName.of(CLI_TENANT),
                  request,
                  IdempotencyKey.ofNullable(idempotencyKey, "--idempotency-key"));
      if (created instanceof CreateResult.KeyConflict conflict) {
        throw CliException.usage(
            "The idempotency key was already used for a different request (job "
                + conflict.job().id()
                + "); use a new key for a new video.");
      }
      // Submit once, now: the job is stored first, so a failure here loses nothing.
      VideoJob job = session.get(AdvanceJob.class).refresh(created.job());
      boolean notTaken = job.status() == JobStatus.PENDING && job.consecutiveFailures() > 0;
      WaitFlow flow = new WaitFlow(context, session, json);
      if (!waiting) {
        print(job);
        if (notTaken) {
          context.note(
              "The gateway did not take job "
                  + job.id()
                  + " yet (busy or unreachable); it is stored and will be submitted by the"
                  + " next '"
                  + session.command("videoagent status " + job.id())
                  + "', 'wait' or 'list'.");
        } else {
          context.note(
              "Job "
                  + job.id()
                  + " is "
                  + job.status().wireName()
                  + ". Follow it with: "
                  + session.command("videoagent wait " + job.id() + " -o video.mp4"));
        }
        return ExitCode.OK;
      }
      GatewayProbe probe = new GatewayProbe(session.settings());
      if (notTaken && !probe.reachable()) {
        print(job);
        return flow.unreachable(job, probe, output);
      }
      return flow.await(job.id(), timeout, output);
    }
  }

  private void print(VideoJob job) {
    new JobOutput().print(context.out(), job, json);
  }

  /** Completion candidates for {@code --orientation}. */
  static final class Orientations extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Orientations() {
      super(java.util.List.of("landscape", "portrait"));
    }
  }
}
