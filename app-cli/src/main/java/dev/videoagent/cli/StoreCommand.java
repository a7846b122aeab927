package dev.videoagent.cli;

import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.StoreLocation;
import dev.videoagent.core.usecase.CopyVideos;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code videoagent store}: the video store. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = "Works on the video store (VIDEOAGENT_STORE).",
    subcommands = StoreCommand.Copy.class,
    footer = {"", "Example:", "  videoagent store copy --to s3://team-videos/prod"})
final class StoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** {@code videoagent store copy --to LOCATION}. */
  @Command(
      name = "copy",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      usageHelpAutoWidth = true,
      description = {
        "Copies every stored video from the configured store (VIDEOAGENT_STORE) to another one.",
        "",
        "Each copy is checked against the SHA-256 its job records before it becomes visible in"
            + " the target. Safe to run again: a video the target already holds with that SHA-256"
            + " (read back to check) is left alone, so a second run copies nothing. The endpoint,"
            + " region and keys (AWS_*) apply to both stores. Then set VIDEOAGENT_STORE to the"
            + " target and restart; run the copy once more to bring over what finished meanwhile.",
        ""
      },
      footer = {
        "",
        "Examples:",
        "  videoagent store copy --to s3://team-videos/prod",
        "  VIDEOAGENT_STORE=s3://team-videos/prod videoagent store copy --to file:/srv/videos",
        "",
        "Exit codes: 0 every video is in the target, 1 some could not be copied (each is named on"
            + " stderr; run again), 2 a bad --to or a configuration error, 3 a store could not be"
            + " reached."
      })
  static final class Copy implements Callable<Integer> {
    private final CliContext context;
    private final Sessions sessions;

    @Option(
        names = "--to",
        paramLabel = "LOCATION",
        required = true,
        description = "The target store: s3://bucket/prefix or file:/a/folder.")
    String to;

    Copy(CliContext context, Sessions sessions) {
      this.context = context;
      this.sessions = sessions;
    }

    @Override
    public Integer call() {
      StoreLocation target = target();
      try (Session session = sessions.openLocal()) {
        StoreLocation source = session.settings().store().location();
        if (source.equals(target)) {
          throw CliException.usage(
              "--to names the store the videos are in already ("
                  + target.text()
                  + "); give another one.");
        }
        Assembly assembly = session.get(Assembly.class);
        CopyVideos.Report report =
            assembly
                .copyVideosTo(target)
                .copyAll(
                    (job, outcome, detail) -> {
                      if (outcome == CopyVideos.Outcome.MISSING
                          || outcome == CopyVideos.Outcome.FAILED) {
                        context.note("Not copied: " + job.id() + ": " + detail);
                      }
                    });
        context.out().println(summary(report, source, target));
        context.out().flush();
        if (report.failed() > 0 && report.copied() == 0 && report.alreadyThere() == 0) {
          return ExitCode.UNAVAILABLE;
        }
        return report.complete() ? ExitCode.OK : ExitCode.JOB_FAILED;
      }
    }

    private StoreLocation target() {
      try {
        return Setting.VIDEOAGENT_STORE.read(to);
      } catch (ConfigException e) {
        throw CliException.usage("--to " + StoreLocation.RULE + ".");
      }
    }

    private static String summary(
        CopyVideos.Report report, StoreLocation source, StoreLocation target) {
      if (report.videos() == 0) {
        return "No stored videos in " + source.text() + ": nothing to copy.";
      }
      if (report.copied() == 0 && report.complete()) {
        return "Nothing to copy: all "
            + report.alreadyThere()
            + " videos are in "
            + target.text()
            + " already, each checked by SHA-256.";
      }
      return Visible.text(
          "Copied "
              + report.copied()
              + " videos ("
              + report.bytes()
              + " bytes) from "
              + source.text()
              + " to "
              + target.text()
              + ", each checked by SHA-256; "
              + report.alreadyThere()
              + " were there already"
              + (report.missing() > 0
                  ? "; " + report.missing() + " are missing from " + source.text()
                  : "")
              + (report.failed() > 0 ? "; " + report.failed() + " failed (run again)" : "")
              + ".");
    }
  }
}
