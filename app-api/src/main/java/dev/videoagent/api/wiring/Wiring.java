package dev.videoagent.api.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.videoagent.api.config.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the one injector of a process. The choice between the real gateway and the sandbox is made
 * here, once, from the settings, so no module holds an {@code if}.
 */
public final class Wiring {
  private Wiring() {}

  public static Injector injector(Settings settings) {
    return injector(settings, defaultGateway(settings));
  }

  /** The sandbox when {@code VIDEOAGENT_SANDBOX} is true, else the real gateway. */
  public static Module defaultGateway(Settings settings) {
    return settings.sandbox() ? new SandboxModule() : new GatewayModule();
  }

  /**
   * @param gateway the module binding the gateway and downloader ({@link GatewayModule} or a {@link
   *     SandboxModule}, perhaps with test knobs)
   * @param extra more modules (the service's own, tests' overrides)
   */
  public static Injector injector(Settings settings, Module gateway, Module... extra) {
    List<Module> modules = new ArrayList<>(modules(settings, gateway));
    modules.addAll(List.of(extra));
    // DEVELOPMENT stage: singletons are made on first use, so a command that needs no database
    // or sandbox never opens one.
    return Guice.createInjector(Stage.DEVELOPMENT, modules);
  }

  /**
   * The standard modules that {@link #injector(Settings, Module, Module...)} starts from (settings,
   * use cases, persistence, the given gateway), for a caller that combines them itself, e.g. with
   * {@code Modules.override(...)} to replace a binding in a test.
   */
  public static List<Module> modules(Settings settings, Module gateway) {
    return List.of(
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(Settings.class).toInstance(settings);
          }
        },
        new CoreModule(),
        new PersistenceModule(),
        new GatewayPipelineModule(),
        gateway);
  }
}
