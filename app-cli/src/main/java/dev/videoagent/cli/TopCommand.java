package dev.videoagent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code videoagent}: the global options, {@code --help} and {@code --version}; its commands are
 * added by {@link Subcommands}.
 */
@Command(
    name = "videoagent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Turns a sentence into a finished, stored, avatar-led video through HeyGen's Video Agent"
          + " (Pixazo gateway).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  videoagent generate --sandbox \"A 30-second product demo\" -o demo.mp4",
      "  videoagent list --status processing",
      "  videoagent serve --port 8080",
      "",
      "Exit codes: 0 success, 1 the job failed or was canceled, 2 usage or configuration"
          + " error, 3 the gateway could not be reached or a wait ran out of time (nothing is"
          + " lost: run the command again).",
      "Settings: flags beat environment variables, which beat the config file"
          + " (VIDEOAGENT_HOME/config.properties); see 'videoagent config show'."
    })
final class TopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** {@code videoagent} without a command: the overview, and a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }
}
