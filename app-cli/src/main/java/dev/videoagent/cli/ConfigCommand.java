package dev.videoagent.cli;

import dev.videoagent.api.config.ConfigException;
import dev.videoagent.api.config.Settings;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
      String problem = null;
      try {
        settings = configuration.settings();
      } catch (ConfigException e) {
        problem = e.getMessage();
        try {
          // Show the other settings' effective values all the same.
          settings =
              configuration.settingsWithFallback(
                  Map.of(Settings.PIXAZO_API_KEY, Sessions.UNUSED_KEY));
        } catch (ConfigException again) {
          settings = null;
        }
      }
      PrintWriter out = context.out();
      out.println(
          Visible.text(
              "Configuration file: "
                  + configuration.configFile()
                  + (configuration.configFileExists() ? "" : " (not present)")));
      out.println();
      out.printf("%-32s %-8s %s%n", "SETTING", "FROM", "VALUE");
      for (String name : Settings.NAMES) {
        Configuration.Origin origin = configuration.originOf(name);
        out.printf(
            "%-32s %-8s %s%n",
            name, origin.label(), Visible.text(display(name, settings, configuration)));
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
     * The value as the setting itself would read it back: {@code 2h}, not {@code 2h00m}; {@code 5},
     * not {@code 5.0 calls/s}. Masked secrets and "(not set)" are the exceptions.
     */
    private static String display(String name, Settings settings, Configuration configuration) {
      if (name.equals(Settings.PIXAZO_API_KEY)) {
        return configuration.rawValue(name).isPresent() ? MASK : "(not set)";
      }
      if (settings == null) {
        return configuration.rawValue(name).map(raw -> maskRaw(name, raw)).orElse("(default)");
      }
      switch (name) {
        case Settings.PIXAZO_BASE_URL:
          return settings.baseUrl().toString();
        case Settings.VIDEOAGENT_HOME:
          return settings.home().toString();
        case Settings.VIDEOAGENT_DB:
          return Settings.maskPassword(settings.databaseUrl());
        case Settings.VIDEOAGENT_SANDBOX:
          return Boolean.toString(settings.sandbox());
        case Settings.VIDEOAGENT_PORT:
          return Integer.toString(settings.port());
        case Settings.VIDEOAGENT_PUBLIC_URL:
          return settings.publicUrlIfSet().map(Object::toString).orElse("(not set)");
        case Settings.VIDEOAGENT_API_KEYS:
          return settings.bootstrapKeys().isEmpty()
              ? "(not set)"
              : settings.bootstrapKeys().stream()
                  .map(Settings.BootstrapKey::toString)
                  .collect(Collectors.joining(","));
        case Settings.VIDEOAGENT_MAX_IN_FLIGHT:
          return Integer.toString(settings.maxInFlight());
        case Settings.VIDEOAGENT_JOB_DEADLINE:
          return Durations.exact(settings.jobDeadline());
        case Settings.VIDEOAGENT_GATEWAY_CONCURRENCY:
          return Integer.toString(settings.gatewayConcurrency());
        case Settings.VIDEOAGENT_GATEWAY_RATE:
          return BigDecimal.valueOf(settings.gatewayCallsPerSecond())
              .stripTrailingZeros()
              .toPlainString();
        case Settings.VIDEOAGENT_MAX_DOWNLOAD_BYTES:
          return Long.toString(settings.maxDownloadBytes());
        default:
          return byComponent(name, settings)
              .orElseGet(
                  () ->
                      configuration
                          .rawValue(name)
                          .map(raw -> maskRaw(name, raw))
                          .orElse("(default)"));
      }
    }

    /**
     * A setting without its own case above (added to {@link Settings} later): the record component
     * named like the variable ({@code VIDEOAGENT_CLAIM_LEASE} is {@code claimLease}).
     */
    static Optional<String> byComponent(String name, Settings settings) {
      if (looksSecret(name)) {
        return Optional.of(MASK);
      }
      String[] words =
          name.replaceFirst("^(VIDEOAGENT|PIXAZO)_", "").toLowerCase(Locale.ROOT).split("_");
      StringBuilder camel = new StringBuilder(words[0]);
      for (int i = 1; i < words.length; i++) {
        camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
      }
      for (RecordComponent component : Settings.class.getRecordComponents()) {
        if (component.getName().equals(camel.toString())) {
          try {
            Object value = component.getAccessor().invoke(settings);
            if (value == null) {
              return Optional.of("(not set)");
            }
            return Optional.of(
                value instanceof Duration duration ? Durations.exact(duration) : value.toString());
          } catch (ReflectiveOperationException e) {
            return Optional.empty();
          }
        }
      }
      return Optional.empty();
    }

    private static boolean looksSecret(String name) {
      return name.endsWith("_KEY")
          || name.endsWith("_KEYS")
          || name.contains("SECRET")
          || name.contains("PASSWORD")
          || name.contains("TOKEN");
    }

    /** A value as given, with the secrets it may hold masked. */
    private static String maskRaw(String name, String raw) {
      if (name.equals(Settings.PIXAZO_API_KEY)
          || (looksSecret(name) && !name.equals(Settings.VIDEOAGENT_API_KEYS))) {
        return MASK;
      }
      if (name.equals(Settings.VIDEOAGENT_API_KEYS)) {
        return raw.replaceAll(":[^,]*", ":" + MASK);
      }
      if (name.equals(Settings.VIDEOAGENT_DB)) {
        return Settings.maskPassword(raw);
      }
      return raw;
    }
  }
}
