package dev.videoagent.api;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.adapters.persistence.FileVideoStore;
import dev.videoagent.api.config.ConfigException;
import dev.videoagent.api.config.Settings;
import dev.videoagent.api.http.ApiRoutes;
import dev.videoagent.api.http.JettySetup;
import dev.videoagent.api.wiring.Closer;
import dev.videoagent.api.wiring.Wiring;
import dev.videoagent.core.usecase.AuthenticateClient;
import dev.videoagent.core.usecase.AuthenticateClient.BootstrapResult;
import dev.videoagent.core.usecase.IssueClientKey;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST service, running: the HTTP server, the background tracker, the database and (in sandbox
 * mode) the gateway sandbox. {@code java -jar videoagent-api.jar} and {@code videoagent serve} both
 * come here.
 *
 * <pre>{@code
 * try (ApiService service = ApiService.start(settings)) {   // listening when this returns
 *   service.awaitStop();                                    // until close() or SIGTERM
 * }
 * }</pre>
 */
public final class ApiService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiService.class);

  /** How long in-flight gateway calls get to finish when the service stops. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  /** Part files older than this were left by a process that died mid-download. */
  static final Duration STALE_PART_AGE = Duration.ofHours(1);

  /** The tenant of the key made for a newcomer in sandbox mode. */
  public static final String SANDBOX_TENANT = "sandbox";

  private final Injector injector;
  private final Javalin server;
  private final ServiceTracker tracker;
  private final Closer closer;
  private final URI url;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile Thread shutdownHook;

  private ApiService(
      Injector injector, Javalin server, ServiceTracker tracker, Closer closer, URI url) {
    this.injector = injector;
    this.server = server;
    this.tracker = tracker;
    this.closer = closer;
    this.url = url;
  }

  /**
   * Starts the service as configured: the real gateway, or the in-process sandbox when {@code
   * VIDEOAGENT_SANDBOX} is true. Also registers a JVM shutdown hook, so that SIGTERM closes the
   * service gracefully; {@link #close()} removes it.
   *
   * @throws ConfigException for a setting that cannot work (the port is taken, the database URL is
   *     malformed): print its message and exit with 2
   * @throws IllegalStateException when the database cannot be opened or migrated
   */
  public static ApiService start(Settings settings) {
    ApiService service = start(productionInjector(settings));
    service.closeOnShutdown();
    return service;
  }

  /**
   * Starts the service with another gateway module (a {@code SandboxModule} with test knobs, a
   * module binding a WireMock-backed gateway). Bindings of {@code overrides} replace the standard
   * ones (a faster tracking policy in tests, for instance). No shutdown hook is registered.
   */
  public static ApiService start(Settings settings, Module gateway, Module... overrides) {
    List<Module> standard = new ArrayList<>(Wiring.modules(settings, gateway));
    standard.add(new ApiModule());
    Module combined = Modules.override(standard).with(overrides);
    return start(Guice.createInjector(Stage.DEVELOPMENT, combined));
  }

  /**
   * Starts the service from an injector that holds the standard wiring and an {@link ApiModule}
   * ({@link #productionInjector} builds one). No shutdown hook is registered.
   */
  public static ApiService start(Injector injector) {
    Settings settings = injector.getInstance(Settings.class);
    Closer closer = injector.getInstance(Closer.class);
    ServiceTracker tracker = null;
    Javalin server = null;
    try {
      injector.getInstance(Database.class); // opened and migrated here
      removeStaleParts(injector.getInstance(FileVideoStore.class));
      String sandboxKey = registerClientKeys(injector, settings);
      ApiRoutes routes = injector.getInstance(ApiRoutes.class);
      String host = settings.listensEverywhere() ? null : settings.host();
      server =
          Javalin.create(
              cfg -> {
                routes.configure(cfg);
                JettySetup.configure(cfg, host, settings.port());
              });
      // The port first: a start that fails on a taken port must not have sent anything anywhere.
      server.start();
      tracker = injector.getInstance(ServiceTracker.class);
      tracker.start();
      URI url = localUrl(settings, server.port());
      log.info(
          "videoagent API listening on {} ({})",
          settings.listensEverywhere()
              ? "every interface, port " + server.port() + " (" + url + " from this machine)"
              : url,
          settings.sandbox() ? "gateway: in-process sandbox" : "gateway: " + settings.baseUrl());
      if (sandboxKey != null) {
        printSandboxHint(System.out, sandboxKey, url);
      }
      return new ApiService(injector, server, tracker, closer, url);
    } catch (RuntimeException e) {
      if (server != null) {
        server.stop();
      }
      if (tracker != null) {
        tracker.stop(Duration.ofSeconds(1));
      }
      closer.close();
      throw startFailure(e, settings);
    }
  }

  /** The standard wiring, the metered gateway named by the settings, and the service's module. */
  public static Injector productionInjector(Settings settings) {
    return Wiring.injector(settings, Wiring.defaultGateway(settings), new ApiModule());
  }

  /** The port the service listens on (the one chosen when {@code VIDEOAGENT_PORT} is 0). */
  public int port() {
    return server.port();
  }

  /**
   * Where this machine reaches the service: {@code http://127.0.0.1:8080} when it listens on every
   * interface, else the address it listens on.
   */
  public URI url() {
    return url;
  }

  /** Blocks until the service has been closed (by {@link #close()} or a shutdown hook). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Stops gracefully, giving in-flight gateway calls {@link #DEFAULT_SHUTDOWN_GRACE}. */
  @Override
  public void close() {
    close(DEFAULT_SHUTDOWN_GRACE);
  }

  /**
   * Stops taking requests, lets in-flight gateway calls finish for up to {@code grace} (then
   * interrupts them and gives them two more seconds to record their outcome), and releases the
   * database pool and the sandbox. Idempotent; later calls return at once.
   */
  public void close(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
      boolean clean = tracker.stop(grace);
      closer.close();
      log.info(
          "videoagent API stopped{}",
          clean
              ? ""
              : " (gateway calls still running after the grace period were interrupted; their"
                  + " jobs say what is known)");
    } finally {
      removeShutdownHook();
      stopped.countDown();
    }
  }

  /** The injector the service runs on, for tests and tools that need one of its parts. */
  public Injector injector() {
    return injector;
  }

  /** The routes Javalin actually serves, as {@code "GET /v1/videos/{id}"}; for tests. */
  List<String> registeredRoutes() {
    TreeSet<String> routes = new TreeSet<>();
    server
        .unsafe
        .internalRouter
        .allHttpHandlers()
        .forEach(e -> routes.add(e.endpoint.method.name() + " " + e.endpoint.path));
    return List.copyOf(routes);
  }

  private static URI localUrl(Settings settings, int port) {
    String host = settings.listensEverywhere() ? "127.0.0.1" : settings.host();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  private void closeOnShutdown() {
    Thread hook = new Thread(this::close, "videoagent-shutdown");
    shutdownHook = hook;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    if (hook == null || Thread.currentThread() == hook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownUnderWay) {
      // The JVM is already stopping; the hook finds the service closed.
    }
  }

  private static void removeStaleParts(FileVideoStore store) {
    try {
      int removed = store.removeStaleParts(STALE_PART_AGE);
      if (removed > 0) {
        log.info("Removed {} unfinished video downloads left by an earlier run.", removed);
      }
    } catch (IOException e) {
      log.warn("Could not clean unfinished downloads from the video folder: {}", e.toString());
    }
  }

  /**
   * Stores the configured client keys (hashed). In sandbox mode with none configured, makes one for
   * the tenant {@value #SANDBOX_TENANT} so a newcomer can try the API at once.
   *
   * @return the key made for the sandbox, or null
   */
  static String registerClientKeys(Injector injector, Settings settings) {
    AuthenticateClient authenticate = injector.getInstance(AuthenticateClient.class);
    for (Settings.BootstrapKey key : settings.bootstrapKeys()) {
      if (authenticate.registerBootstrapKey(key.tenant(), key.key())
          instanceof BootstrapResult.HeldByAnotherTenant held) {
        throw new ConfigException(
            Settings.VIDEOAGENT_API_KEYS
                + " gives tenant "
                + held.configuredTenant()
                + " a key that this database already holds for tenant "
                + held.storedTenant()
                + ", and a key's tenant never changes: give "
                + held.configuredTenant()
                + " a new key, or delete the old one from the database first (see"
                + " docs/operations.md, Client keys).");
      }
    }
    if (settings.sandbox() && settings.bootstrapKeys().isEmpty()) {
      return injector.getInstance(IssueClientKey.class).issue(SANDBOX_TENANT);
    }
    return null;
  }

  /**
   * Shows the sandbox key once, on standard output rather than in the log. Only sandbox keys are
   * ever shown: keys from configuration or {@code videoagent keys create} never are.
   */
  static void printSandboxHint(PrintStream out, String key, URI url) {
    out.println(
        "Sandbox mode without VIDEOAGENT_API_KEYS: made a client key for tenant \""
            + SANDBOX_TENANT
            + "\" (shown only now; it stays valid in this database):\n  "
            + key
            + "\nTry:\n  curl -H 'Authorization: Bearer "
            + key
            + "' -H 'Content-Type: application/json' -d '{\"prompt\": \"Hello from the"
            + " sandbox\"}' "
            + url
            + "/v1/videos");
    out.flush();
  }

  private static RuntimeException startFailure(RuntimeException e, Settings settings) {
    Throwable cause = e;
    while (cause instanceof ProvisionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    Optional<ConfigException> bindFailure = bindFailure(cause, settings);
    if (bindFailure.isPresent()) {
      return bindFailure.get();
    }
    return cause instanceof RuntimeException runtime ? runtime : e;
  }

  /** A listen socket that could not be opened, said in terms of the setting to change. */
  private static Optional<ConfigException> bindFailure(Throwable e, Settings settings) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return Optional.of(hostUnusable(settings, "no address is known by that name"));
      }
      if (t instanceof BindException bind) {
        String why = String.valueOf(bind.getMessage()).toLowerCase(Locale.ROOT);
        if (why.contains("in use")) {
          return Optional.of(
              new ConfigException(
                  Settings.VIDEOAGENT_PORT
                      + " is "
                      + settings.port()
                      + ", but that port is already in use: stop the other program, or choose"
                      + " another port (0 picks any free one)."));
        }
        if (why.contains("permission")) {
          return Optional.of(
              new ConfigException(
                  Settings.VIDEOAGENT_PORT
                      + " is "
                      + settings.port()
                      + ", but ports below 1024 need privileges this process does not have:"
                      + " choose a port of 1024 or more."));
        }
        return Optional.of(hostUnusable(settings, "this machine has no such address"));
      }
    }
    return Optional.empty();
  }

  private static ConfigException hostUnusable(Settings settings, String why) {
    return new ConfigException(
        Settings.VIDEOAGENT_HOST
            + " is "
            + settings.host()
            + ", but the service cannot listen there ("
            + why
            + "): use an address of this machine, or 0.0.0.0 for every interface.");
  }
}
