package dev.videoagent.cli;

import dev.videoagent.assembly.config.Setting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings every command accepts as flags, made from the {@link Setting} definitions: one flag
 * per setting, on every command ({@code videoagent --home X list} and {@code videoagent list --home
 * X} mean the same), and the service's own ({@code --port}, {@code --host}, {@code --api-keys}) on
 * {@code serve} only. One instance per run; every command writes into it.
 */
final class GlobalOptions {
  static final String SERVE = "serve";

  /** The flags given, by the variable they stand for, in the order given. */
  private final Map<String, String> given = new LinkedHashMap<>();

  /**
   * Adds the flags of the settings that {@code reach} names to {@code commandLine} and to the
   * subcommands it has now (a command added later gets them by its own call).
   */
  void addTo(CommandLine commandLine, Reach reach) {
    for (Setting<?> setting : Setting.all()) {
      boolean serviceOnly = setting.scope() == Setting.Scope.SERVICE;
      Optional<String> flag = setting.flag().filter(reach::flag);
      flag.ifPresent(name -> addTo(commandLine, setting, name, serviceOnly));
    }
  }

  private void addTo(CommandLine command, Setting<?> setting, String flag, boolean serviceOnly) {
    CommandSpec spec = command.getCommandSpec();
    boolean here = !serviceOnly || spec.name().equals(SERVE);
    if (here && !spec.optionsMap().containsKey(flag)) {
      spec.addOption(option(setting, flag));
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      addTo(sub, setting, flag, serviceOnly);
    }
  }

  private OptionSpec option(Setting<?> setting, String flag) {
    Optional<String> label = setting.paramLabel();
    String description =
        setting.summary()
            + " ("
            + setting.variable()
            + (label.isPresent() ? "; default: " + setting.defaultText() : "=true")
            + ").";
    ISetter store =
        new ISetter() {
          @Override
          public <T> T set(T value) {
            // picocli also sets each option's initial value (null, or false for a switch) before
            // parsing: only what was given counts, or a missing --sandbox would beat the
            // environment's VIDEOAGENT_SANDBOX=true.
            if (value != null && !Boolean.FALSE.equals(value)) {
              given.put(setting.variable(), value.toString());
            }
            return null;
          }
        };
    OptionSpec.Builder option =
        OptionSpec.builder(flag).description(description).setter(store).order(1000);
    if (label.isPresent()) {
      return option.paramLabel(label.get()).type(String.class).arity("1").build();
    }
    return option.type(Boolean.class).arity("0").build();
  }

  /** The flags that were given, by the environment variable they stand for. */
  Map<String, String> asSettings() {
    return Map.copyOf(given);
  }

  /** The value given for {@code setting} as a flag, if any. */
  Optional<String> value(Setting<?> setting) {
    return Optional.ofNullable(given.get(setting.variable()));
  }

  /**
   * The flags given, as text to append to a command that a person is told to run next (resume
   * hints). Never a secret (the key): it would end up in shell history and logs. The service's own
   * flags are left out: the hints name other commands.
   */
  String repeatable() {
    StringBuilder flags = new StringBuilder();
    for (Setting<?> setting : Setting.all()) {
      String value = given.get(setting.variable());
      if (value == null
          || setting.secret() && setting != Setting.VIDEOAGENT_DB
          || setting.scope() == Setting.Scope.SERVICE
          || setting.flag().isEmpty()) {
        continue;
      }
      String flag = setting.flag().get();
      if (setting.paramLabel().isEmpty()) {
        if (Boolean.parseBoolean(value)) {
          flags.append(' ').append(flag);
        }
      } else {
        flags.append(' ').append(flag).append(' ').append(shellQuoted(value));
      }
    }
    return flags.toString();
  }

  static String shellQuoted(String value) {
    return value.matches("[A-Za-z0-9_./:=@%+,-]+")
        ? value
        : "'" + value.replace("'", "'\\''") + "'";
  }
}
