package dev.videoagent.cli;

import dev.videoagent.api.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens a {@link Session} from the run's flags, environment and config file. */
final class Sessions {
  /**
   * Stands in for {@code PIXAZO_API_KEY} in commands that never call the gateway (cancel, keys
   * create), so that they work on a machine without the key. The gateway is built lazily and these
   * commands never ask for it, so the placeholder is never sent anywhere.
   */
  static final String UNUSED_KEY = "not-needed-by-this-command";

  private final CliContext context;
  private final GlobalOptions global;

  Sessions(CliContext context, GlobalOptions global) {
    this.context = context;
    this.global = global;
  }

  /** For commands that talk to the gateway: the key (or the sandbox) is required. */
  Session open() {
    return new Session(configuration().settings(), context.injectorFactory(), global.repeatable());
  }

  /** For commands that only read or write the database. */
  Session openWithoutGateway() {
    Settings settings =
        configuration().settingsWithFallback(Map.of(Settings.PIXAZO_API_KEY, UNUSED_KEY));
    return new Session(settings, context.injectorFactory(), global.repeatable());
  }

  Configuration configuration() {
    return configuration(Map.of());
  }

  /** The configuration with a command's own flags on top of the global ones. */
  Configuration configuration(Map<String, String> commandFlags) {
    Map<String, String> flags = new LinkedHashMap<>(global.asSettings());
    flags.putAll(commandFlags);
    return Configuration.read(flags, context.env(), context.userHome());
  }
}
