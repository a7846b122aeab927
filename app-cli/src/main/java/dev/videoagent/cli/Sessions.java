package dev.videoagent.cli;

import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens a {@link Session} from the run's flags, environment and config file. */
final class Sessions {
  private final CliContext context;
  private final GlobalOptions global;

  Sessions(CliContext context, GlobalOptions global) {
    this.context = context;
    this.global = global;
  }

  /**
   * For commands that talk to the gateway: the key (or the sandbox) is required.
   *
   * @throws dev.videoagent.assembly.config.ConfigException naming {@code PIXAZO_API_KEY} when
   *     neither is set, or the first bad setting
   */
  Session open() {
    return session(settings().requireGateway());
  }

  /**
   * For commands that work on the stored jobs alone (list, status, download, cancel, keys): no key
   * needed. They call the gateway only when {@link Session#gatewayUsable()}.
   */
  Session openLocal() {
    return session(settings());
  }

  private Session session(Settings settings) {
    return new Session(settings, context.injectorFactory(), global.repeatable());
  }

  private Settings settings() {
    Settings settings = configuration().settings();
    settings.logLevelIfSet().ifPresent(context.logLevel());
    return settings;
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

  GlobalOptions global() {
    return global;
  }
}
