package dev.videoagent.cli;

import dev.videoagent.api.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The settings every command accepts as flags, one per environment variable of the contract. They
 * are inherited: {@code videoagent --home X list} and {@code videoagent list --home X} mean the
 * same. One instance per run, shared by the top command and its subcommands.
 */
final class GlobalOptions {

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      scope = ScopeType.INHERIT,
      description =
          "Pixazo subscription key (PIXAZO_API_KEY). Prefer the environment variable or the"
              + " config file: other users can see command-line flags in the process list.")
  String apiKey;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description = "Gateway origin (PIXAZO_BASE_URL; default: the Pixazo gateway).")
  String baseUrl;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Data folder: database, stored videos and the config file (VIDEOAGENT_HOME; default:"
              + " ~/.videoagent).")
  String home;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      scope = ScopeType.INHERIT,
      description = "JDBC URL of the database (VIDEOAGENT_DB; default: SQLite in the data folder).")
  String db;

  @Option(
      names = "--sandbox",
      scope = ScopeType.INHERIT,
      description =
          "Use the in-process gateway sandbox instead of Pixazo; no key needed"
              + " (VIDEOAGENT_SANDBOX=true).")
  Boolean sandbox;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "Externally reachable URL of a running videoagent service; submits then ask the"
              + " gateway to call it back (VIDEOAGENT_PUBLIC_URL).")
  String publicUrl;

  /** The flags that were given, by the environment variable they stand for. */
  Map<String, String> asSettings() {
    Map<String, String> values = new LinkedHashMap<>();
    put(values, Settings.PIXAZO_API_KEY, apiKey);
    put(values, Settings.PIXAZO_BASE_URL, baseUrl);
    put(values, Settings.VIDEOAGENT_HOME, home);
    put(values, Settings.VIDEOAGENT_DB, db);
    if (sandbox != null) {
      put(values, Settings.VIDEOAGENT_SANDBOX, sandbox.toString());
    }
    put(values, Settings.VIDEOAGENT_PUBLIC_URL, publicUrl);
    return values;
  }

  /**
   * The flags given, as text to append to a command that a person is told to run next (resume
   * hints). Never the key: it would end up in shell history and logs.
   */
  String repeatable() {
    StringBuilder flags = new StringBuilder();
    append(flags, "--base-url", baseUrl);
    append(flags, "--home", home);
    append(flags, "--db", db);
    if (Boolean.TRUE.equals(sandbox)) {
      flags.append(" --sandbox");
    }
    append(flags, "--public-url", publicUrl);
    return flags.toString();
  }

  private static void append(StringBuilder flags, String name, String value) {
    if (value != null) {
      flags.append(' ').append(name).append(' ').append(shellQuoted(value));
    }
  }

  static String shellQuoted(String value) {
    return value.matches("[A-Za-z0-9_./:=@%+,-]+")
        ? value
        : "'" + value.replace("'", "'\\''") + "'";
  }

  private static void put(Map<String, String> values, String name, String value) {
    if (value != null) {
      values.put(name, value);
    }
  }
}
