package dev.videoagent.cli;

import com.google.inject.Injector;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;

/**
 * One command's view of the product: the effective settings, and the injector, built on first use
 * only, so that commands which never touch the database or the gateway never pay for them. Closing
 * it closes whatever the assembly opened (database pool, sandbox).
 */
final class Session implements AutoCloseable {
  private final Settings settings;
  private final InjectorFactory factory;
  private final String flags;
  private Injector injector;

  /**
   * @param flags the run's global flags as text (never the key), for the commands we suggest
   */
  Session(Settings settings, InjectorFactory factory, String flags) {
    this.settings = settings;
    this.factory = factory;
    this.flags = flags;
  }

  Settings settings() {
    return settings;
  }

  /**
   * Whether this run may call the gateway: the sandbox, or a key. Commands that only read stored
   * jobs work without, and say so.
   */
  boolean gatewayUsable() {
    return settings.gatewayUsable();
  }

  /** The one line a key-less command prints when it showed jobs as stored. */
  static String notRefreshed() {
    return "Nothing was refreshed from the gateway: "
        + Setting.PIXAZO_API_KEY.variable()
        + " is not set, so this is what is stored.";
  }

  /** {@code command} with this run's global flags, ready to be suggested to the user. */
  String command(String command) {
    return command + flags;
  }

  /** How to pick up where this command stopped (the sandbox too answers for earlier jobs). */
  String resumeHint(String command) {
    return "Resume with: " + command(command);
  }

  /** An object from the injector (a use case, a port), building the injector on first call. */
  synchronized <T> T get(Class<T> type) {
    if (injector == null) {
      injector = factory.create(settings);
    }
    return injector.getInstance(type);
  }

  @Override
  public synchronized void close() {
    if (injector != null) {
      injector.getInstance(Assembly.class).close();
    }
  }
}
