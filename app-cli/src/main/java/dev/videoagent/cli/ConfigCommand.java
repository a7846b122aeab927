package dev.videoagent.cli;

import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.ServiceSettings;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code videoagent config}: the effective configuration. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = "Shows the configuration.",
    subcommands = ConfigCommand.Show.class,
    footer = {"", "Example:", "  videoagent config show"})
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** {@code videoagent config show}: every setting, its value (secrets masked) and its source. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      usageHelpAutoWidth = true,
      description = {
        "Prints the effective configuration.",
        "",
        "Every setting with its value and where it came from (flag, env, file or default)."
            + " Secrets are masked. Opens nothing: no database, no gateway.",
        ""
      },
      footer = {
        "",
        "Examples:",
        "  videoagent config show",
        "  videoagent --home /srv/videoagent config show",
        "",
        "Exit codes: 0 the configuration is valid, 2 it is not (the problem is printed last)."
      })
  static final class Show implements Callable<Integer> {
    static final String MASK = "****";

    private final CliContext context;
    private final Sessions sessions;

    Show(CliContext context, Sessions sessions) {
      this.context = context;
      this.sessions = sessions;
    }

    @Override
    public Integer call() {
      Configuration configuration = sessions.configuration();
      Settings settings = null;
      ServiceSettings service = null;
      String problem = null;
      try {
        settings = configuration.settings();
        service = configuration.serviceSettings();
        settings.requireGateway();
      } catch (ConfigException e) {
        problem = e.getMessage();
      }
      PrintWriter out = context.out();
      out.println(
          Visible.text(
              "Configuration file: "
                  + configuration.configFile()
                  + (configuration.configFileExists() ? "" : " (not present)")));
      out.println();
      out.printf("%-32s %-8s %s%n", "SETTING", "FROM", "VALUE");
      for (Setting<?> setting : Setting.all()) {
        out.printf(
            "%-32s %-8s %s%n",
            setting.variable(),
            configuration.originOf(setting).label(),
            Visible.text(display(setting, settings, service, configuration)));
      }
      out.flush();
      List<String> ignored = configuration.ignoredFileKeys();
      if (!ignored.isEmpty()) {
        context.note(
            "Ignored in "
                + configuration.configFile()
                + ": "
                + String.join(", ", ignored)
                + " (not settings, or VIDEOAGENT_HOME, which only a flag or the environment"
                + " can set).");
      }
      if (problem != null) {
        context.note(problem);
        return ExitCode.USAGE;
      }
      return ExitCode.OK;
    }

    /**
     * The value as the setting itself reads it back ({@code 2h}, not {@code PT2H}; {@code 5}, not
     * {@code 5.0}), with its secrets masked; "(not set)" when nothing sets it and it has no
     * default. When the configuration is invalid, the text as given.
     */
    private static String display(
        Setting<?> setting,
        Settings settings,
        ServiceSettings service,
        Configuration configuration) {
      if (setting == Setting.PIXAZO_API_KEY) {
        return configuration.raw(setting).isPresent() ? MASK : "(not set)";
      }
      boolean serviceOnly = setting.scope() == Setting.Scope.SERVICE;
      if (serviceOnly ? service == null : settings == null) {
        // The configuration does not load: show what was given.
        return configuration.raw(setting).map(setting::masked).orElse("(default)");
      }
      Optional<String> effective =
          serviceOnly ? written(setting, service::get) : written(setting, settings::get);
      return effective.filter(text -> !text.isEmpty()).map(setting::masked).orElse("(not set)");
    }

    private static <T> Optional<String> written(Setting<T> setting, Values values) {
      return values.get(setting).map(setting::write);
    }

    /** Where the effective values are: {@link Settings} or {@link ServiceSettings}. */
    private interface Values {
      <T> Optional<T> get(Setting<T> setting);
    }
  }
}
