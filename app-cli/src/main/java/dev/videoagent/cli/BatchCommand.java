package dev.videoagent.cli;

import dev.videoagent.assembly.config.Settings;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.cli.BatchFile.BatchLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent batch FILE}: many videos from a JSON Lines or CSV file, resumable. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Makes one video per line of a JSON Lines or CSV file.",
      "",
      "Each video is saved into --output-dir. The whole file is checked first: if any line is"
          + " bad, every bad line is reported with its number and nothing is submitted.",
      "",
      "Fields (JSON keys or CSV header): prompt (required), avatar, voice, orientation,"
          + " metadata, output. CSV metadata: key=value;key2=value2 or a JSON object. Default"
          + " file name: <line>-<job id>.mp4.",
      "",
      "Resumable: run the same command again after Ctrl-C, a timeout or a crash. Each line's"
          + " job is found again by an idempotency key made from the file's name and the"
          + " line's request, so nothing is submitted twice, and a video already saved with the"
          + " right checksum is not copied again."
    },
    footer = {
      "",
      "Examples:",
      "  videoagent batch promos.csv --output-dir videos/",
      "  videoagent batch promos.jsonl --concurrency 8 --json > results.jsonl",
      "",
      "promos.jsonl:",
      "  {\"prompt\": \"Spring sale\", \"metadata\": {\"sku\": \"A1\"}, \"output\": \"a.mp4\"}",
      "promos.csv:",
      "  prompt,orientation,metadata,output",
      "  \"Spring sale, 20%% off\",portrait,sku=A1;region=eu,spring.mp4",
      "",
      "Exit codes: 0 every line completed and saved, 1 a job failed or was canceled, 2 bad lines"
          + " or options or configuration (nothing submitted), 3 the gateway could not be"
          + " reached, or Ctrl-C / --timeout stopped the run (run it again to resume)."
    })
final class BatchCommand implements Callable<Integer> {
  static final int DEFAULT_CONCURRENCY = 4;

  private final CliContext context;
  private final Sessions sessions;

  @Parameters(index = "0", paramLabel = "FILE", description = "FILE.jsonl or FILE.csv.")
  Path file;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "Lines worked on at once (default: ${DEFAULT-VALUE}); never more than"
              + " VIDEOAGENT_MAX_IN_FLIGHT.")
  int concurrency = DEFAULT_CONCURRENCY;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description =
          "Where to save the videos (default: the current folder); made if missing, but its"
              + " parent folder must exist.")
  Path outputDir;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description = "Stop after this long (90s, 15m, 2h); the rest resumes on the next run.")
  Duration timeout;

  @Option(
      names = "--retry-failed",
      description =
          "Resubmit lines whose job failed in an earlier run (a new attempt: it may be billed"
              + " again).")
  boolean retryFailed;

  @Option(
      names = "--json",
      description =
          "Print one JSON document per finished job (JSON Lines); the summary goes to stderr.")
  boolean json;

  BatchCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (concurrency < 1) {
      throw CliException.usage("--concurrency must be at least 1.");
    }
    Path input = context.workingDir().resolve(file).normalize();
    Path folder =
        outputDir == null
            ? context.workingDir()
            : context.workingDir().resolve(outputDir).toAbsolutePath().normalize();
    boolean makeFolder = outputDir != null && checkOutputDir(folder);
    BatchFile batchFile = new BatchFile(Json.mapper());
    Function<BatchLine, Optional<String>> outputCheck = line -> outputProblem(folder, line);
    BatchFile.Checked checked = batchFile.check(input, outputCheck);
    if (!checked.ok()) {
      checked.problems().forEach(context::note);
      int unlisted = checked.problemCount() - checked.problems().size();
      if (unlisted > 0) {
        context.note("… and " + unlisted + " more.");
      }
      context.note(
          checked.problemCount()
              + (checked.problemCount() == 1 ? " problem" : " problems")
              + " in "
              + file
              + "; nothing was submitted. Fix the lines and run the command again.");
      return ExitCode.USAGE;
    }
    if (makeFolder) {
      makeOutputDir(folder);
    }
    String batchName = BatchKeys.batchName(input);
    try (Session session = sessions.open()) {
      Settings settings = session.settings();
      int workers = Math.min(concurrency, settings.maxInFlight());
      if (workers < concurrency) {
        context.note(
            "--concurrency "
                + concurrency
                + " is above VIDEOAGENT_MAX_IN_FLIGHT ("
                + settings.maxInFlight()
                + "): working on "
                + workers
                + " lines at once.");
      }
      Instant giveUpAt = timeout == null ? null : session.get(Clock.class).instant().plus(timeout);
      BatchRun.Options options =
          new BatchRun.Options(
              batchName,
              folder,
              workers,
              json,
              giveUpAt,
              retryFailed,
              session.resumeHint(resumeCommand()));
      BatchRun.Summary summary =
          new BatchRun(
                  context,
                  session,
                  options,
                  batchFile,
                  input,
                  outputCheck,
                  checked.jobs(),
                  new BatchKeys(Json.mapper()).counter(batchName))
              .run();
      return report(summary, session);
    }
  }

  /**
   * {@code --output-dir DIR} names the folder: it is made if missing, but only it, never its
   * parents (a typo in them would otherwise scatter folders). Checked before anything else.
   *
   * @return whether the folder has to be made
   */
  private boolean checkOutputDir(Path folder) {
    if (Files.isDirectory(folder)) {
      return false;
    }
    if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw CliException.usage(
          "--output-dir " + outputDir + " is not a folder; name a folder for the videos.");
    }
    Path parent = folder.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw CliException.usage(
          "--output-dir "
              + outputDir
              + ": the folder "
              + parent
              + " does not exist; videoagent makes the folder --output-dir names, not its"
              + " parents.");
    }
    return true;
  }

  private void makeOutputDir(Path folder) {
    try {
      Files.createDirectory(folder);
    } catch (FileAlreadyExistsException raced) {
      if (!Files.isDirectory(folder)) {
        throw CliException.usage("--output-dir " + outputDir + " is not a folder.");
      }
    } catch (IOException e) {
      throw CliException.usage(
          "Could not make the folder " + outputDir + ": " + SaveVideo.describe(e) + ".");
    }
  }

  /**
   * Whether a line's output can be written: every folder on its way that exists must be a folder,
   * and an existing file must be one videoagent may replace ({@link OutputFile}). Folders still
   * missing inside --output-dir are made when the video is saved.
   */
  private static Optional<String> outputProblem(Path folder, BatchLine line) {
    if (line.output() == null) {
      return Optional.empty();
    }
    Path target = folder.resolve(line.output()).normalize();
    Path existing = target.getParent();
    while (existing != null && existing.startsWith(folder) && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && existing.startsWith(folder) && !Files.isDirectory(existing)) {
      return Optional.of(
          "output \"" + line.output() + "\" cannot be written: " + existing + " is not a folder.");
    }
    if (!Files.isDirectory(target.getParent())) {
      return Optional.empty();
    }
    return OutputFile.problem(target, line.output());
  }

  private int report(BatchRun.Summary summary, Session session) {
    PrintWriter target = json ? context.err() : context.out();
    target.println(
        Visible.text(
            "Batch "
                + file.getFileName()
                + ": "
                + summary.lines()
                + (summary.lines() == 1 ? " line, " : " lines, ")
                + (summary.completed() + summary.alreadySaved())
                + " completed"
                + (summary.alreadySaved() > 0
                    ? " (" + summary.alreadySaved() + " already saved earlier)"
                    : "")
                + ", "
                + summary.failed()
                + " failed, "
                + summary.unfinished()
                + " unfinished."));
    target.flush();
    int exit = ExitCode.OK;
    if (summary.refusedKey() != null) {
      context.note(summary.refusedKey());
      exit = ExitCode.USAGE;
    } else if (summary.unreachable()) {
      context.note(
          "Could not reach the gateway at "
              + session.settings().baseUrl()
              + "; the unfinished lines are kept. "
              + session.resumeHint(resumeCommand()));
      exit = ExitCode.UNAVAILABLE;
    } else if (summary.unfinished() > 0) {
      context.note(
          summary.unfinished()
              + (summary.unfinished() == 1 ? " line is" : " lines are")
              + " unfinished (submitted jobs go on at the gateway). "
              + session.resumeHint(resumeCommand()));
      exit = ExitCode.UNAVAILABLE;
    } else if (summary.failed() > 0) {
      context.note(
          summary.failed()
              + (summary.failed() == 1 ? " line" : " lines")
              + " failed (see above). To try them again: "
              + session.command(resumeCommand() + " --retry-failed"));
      exit = ExitCode.JOB_FAILED;
    }
    return exit;
  }

  /** The command that resumes this run (global flags such as --home are not repeated). */
  private String resumeCommand() {
    StringBuilder command =
        new StringBuilder("videoagent batch ").append(GlobalOptions.shellQuoted(file.toString()));
    if (outputDir != null) {
      command.append(" --output-dir ").append(GlobalOptions.shellQuoted(outputDir.toString()));
    }
    if (concurrency != DEFAULT_CONCURRENCY) {
      command.append(" --concurrency ").append(concurrency);
    }
    if (json) {
      command.append(" --json");
    }
    return command.toString();
  }
}
