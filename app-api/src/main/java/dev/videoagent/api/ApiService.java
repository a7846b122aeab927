package dev.videoagent.api;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.videoagent.api.http.ApiRoutes;
import dev.videoagent.api.http.EventRoutes;
import dev.videoagent.api.http.JettySetup;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.AssemblyPlan;
import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.assembly.config.ServiceSettings;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.usecase.AuthenticateClient;
import dev.videoagent.core.usecase.AuthenticateClient.BootstrapResult;
import io.javalin.Javalin;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
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

  /** The tenant of the key made for a newcomer in sandbox mode. */
  public static final TenantName SANDBOX_TENANT = TenantName.of("sandbox");

  private final Injector injector;
  private final Assembly assembly;
  private final Javalin server;
  private final TrackerReporting tracker;
  private final URI url;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile Thread shutdownHook;

  private ApiService(
      Injector injector, Assembly assembly, Javalin server, TrackerReporting tracker, URI url) {
    this.injector = injector;
    this.assembly = assembly;
    this.server = server;
    this.tracker = tracker;
    this.url = url;
  }

  /**
   * Starts the service as configured: the real gateway, or the in-process sandbox when {@code
   * VIDEOAGENT_SANDBOX} is true. Also registers a JVM shutdown hook, so that SIGTERM closes the
   * service gracefully; {@link #close()} removes it.
   *
   * @throws ConfigException for a setting that cannot work (no gateway key, the port is taken, the
   *     database URL is malformed): print its message and exit with 2
   * @throws IllegalStateException when the database cannot be opened or migrated
   */
  public static ApiService start(Settings settings, ServiceSettings service) {
    ApiService started = start(productionInjector(settings, service));
    started.closeOnShutdown();
    return started;
  }

  /**
   * Starts the service with its assembly adjusted by {@code tuning} (a sandbox with test knobs, a
   * faster tracking policy, a gateway that misbehaves) and bindings of {@code overrides} replacing
   * the service's own (its request-body limits, say). No shutdown hook is registered.
   */
  public static ApiService start(
      Settings settings,
      ServiceSettings service,
      UnaryOperator<Assembly.Builder> tuning,
      Module... overrides) {
    Module combined = Modules.override(new ApiModule(settings, service, tuning)).with(overrides);
    return start(Guice.createInjector(Stage.DEVELOPMENT, combined));
  }

  /**
   * Starts the service from an injector that holds an {@link ApiModule} ({@link
   * #productionInjector} builds one). No shutdown hook is registered.
   */
  public static ApiService start(Injector injector) {
    Settings settings = injector.getInstance(Settings.class);
    ServiceSettings service = injector.getInstance(ServiceSettings.class);
    Assembly assembly = injector.getInstance(Assembly.class);
    TrackerReporting tracker = null;
    Javalin server = null;
    try {
      // The gateway first: a service that cannot reach one must not open anything.
      settings.requireGateway();
      assembly.database(); // opened and migrated here
      assembly.removeStaleParts();
      String sandboxKey = registerClientKeys(assembly, settings, service);
      ApiRoutes routes = injector.getInstance(ApiRoutes.class);
      String host = service.listensEverywhere() ? null : service.host();
      server =
          Javalin.create(
              cfg -> {
                routes.configure(cfg);
                JettySetup.configure(cfg, host, service.port());
              });
      // The port first: a start that fails on a taken port must not have sent anything anywhere.
      server.start();
      tracker = injector.getInstance(TrackerReporting.class);
      tracker.start();
      assembly.webhookDispatcher().start();
      URI url = localUrl(service, server.port());
      log.info(
          "videoagent API listening on {} ({})",
          service.listensEverywhere()
              ? "every interface, port " + server.port() + " (" + url + " from this machine)"
              : url,
          settings.sandbox() ? "gateway: in-process sandbox" : "gateway: " + settings.baseUrl());
      if (sandboxKey != null) {
        printSandboxHint(System.out, sandboxKey, url);
      }
      return new ApiService(injector, assembly, server, tracker, url);
    } catch (RuntimeException e) {
      if (server != null) {
        server.stop();
      }
      if (tracker != null) {
        tracker.stop(Duration.ofSeconds(1));
      }
      assembly.close();
      throw startFailure(e, service);
    }
  }

  /** The service's injector as production builds it, from the effective settings. */
  public static Injector productionInjector(Settings settings, ServiceSettings service) {
    return Guice.createInjector(
        Stage.DEVELOPMENT, new ApiModule(settings, service, UnaryOperator.identity()));
  }

  /**
   * What the service would assemble for these settings, without starting anything: for checks that
   * the service, the command line and the library assemble the same.
   */
  public static AssemblyPlan plan(Settings settings, ServiceSettings service) {
    return productionInjector(settings, service).getInstance(Assembly.class).plan();
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
      // Open event streams would otherwise keep the server's stop waiting; clients resume.
      injector.getInstance(EventRoutes.class).close();
      server.stop();
      boolean clean = tracker.stop(grace);
      assembly.close();
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

  /** The assembly the service runs on, for tests and tools that need one of its parts. */
  public Assembly assembly() {
    return assembly;
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

  private static URI localUrl(ServiceSettings service, int port) {
    String host = service.listensEverywhere() ? "127.0.0.1" : service.host();
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

  /**
   * Stores the configured client keys (hashed). In sandbox mode with none configured, makes one for
   * the tenant {@code sandbox} so a newcomer can try the API at once.
   *
   * @return the key made for the sandbox, or null
   */
  static String registerClientKeys(Assembly assembly, Settings settings, ServiceSettings service) {
    AuthenticateClient authenticate = assembly.authenticateClient();
    for (ServiceSettings.BootstrapKey key : service.bootstrapKeys()) {
      if (authenticate.registerBootstrapKey(key.tenant(), key.key())
          instanceof BootstrapResult.HeldByAnotherTenant held) {
        throw new ConfigException(
            Setting.VIDEOAGENT_API_KEYS.variable()
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
    if (settings.sandbox() && service.bootstrapKeys().isEmpty()) {
      return assembly.issueClientKey().issue(SANDBOX_TENANT).value();
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
            + "\nOpen the web console and sign in with that key:\n  "
            + consoleUrl(url)
            + "\nOr try:\n  curl -H 'Authorization: Bearer "
            + key
            + "' -H 'Content-Type: application/json' -d '{\"prompt\": \"Hello from the"
            + " sandbox\"}' "
            + url
            + "/v1/videos");
    out.flush();
  }

  /** Where a browser opens the web console of the service at {@code url}. */
  public static URI consoleUrl(URI url) {
    return url.resolve("/");
  }

  private static RuntimeException startFailure(RuntimeException e, ServiceSettings settings) {
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
  private static Optional<ConfigException> bindFailure(Throwable e, ServiceSettings settings) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return Optional.of(hostUnusable(settings, "no address is known by that name"));
      }
      if (t instanceof BindException bind) {
        String why = String.valueOf(bind.getMessage()).toLowerCase(Locale.ROOT);
        if (why.contains("in use")) {
          return Optional.of(
              new ConfigException(
                  Setting.VIDEOAGENT_PORT.variable()
                      + " is "
                      + settings.port()
                      + ", but that port is already in use: stop the other program, or choose"
                      + " another port (0 picks any free one)."));
        }
        if (why.contains("permission")) {
          return Optional.of(
              new ConfigException(
                  Setting.VIDEOAGENT_PORT.variable()
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

  private static ConfigException hostUnusable(ServiceSettings settings, String why) {
    return new ConfigException(
        Setting.VIDEOAGENT_HOST.variable()
            + " is "
            + settings.host()
            + ", but the service cannot listen there ("
            + why
            + "): use an address of this machine, or 0.0.0.0 for every interface.");
  }
}
