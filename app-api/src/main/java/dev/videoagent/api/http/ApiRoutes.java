package dev.videoagent.api.http;

import dev.videoagent.assembly.json.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;

/**
 * Every route of the service, declared up front in the Javalin configuration, and the server
 * settings that go with them. {@code openapi.json} describes exactly these routes; a test keeps the
 * two equal.
 */
public final class ApiRoutes {
  /** What to tag a request with when no route matched, so unknown paths cannot explode metrics. */
  public static final String UNMATCHED = "unmatched";

  private final VideoRoutes videos;
  private final ContentRoute content;
  private final ContentLinkRoute contentLinks;
  private final ConsoleAssets console;
  private final CallbackRoute callbacks;
  private final EventRoutes events;
  private final WebhookRoutes webhooks;
  private final SystemRoutes system;
  private final BearerAuth auth;
  private final ProblemMapping problems;
  private final RequestObserver observer;
  private final UsageRoute usage;

  /** Told of every finished request, for metrics. */
  @FunctionalInterface
  public interface RequestObserver {
    void finished(String method, String route, int status, float millis);
  }

  public ApiRoutes(
      VideoRoutes videos,
      ContentRoute content,
      ContentLinkRoute contentLinks,
      ConsoleAssets console,
      CallbackRoute callbacks,
      EventRoutes events,
      WebhookRoutes webhooks,
      SystemRoutes system,
      BearerAuth auth,
      ProblemMapping problems,
      RequestObserver observer,
      UsageRoute usage) {
    this.videos = videos;
    this.content = content;
    this.contentLinks = contentLinks;
    this.console = console;
    this.callbacks = callbacks;
    this.events = events;
    this.webhooks = webhooks;
    this.system = system;
    this.auth = auth;
    this.problems = problems;
    this.observer = observer;
    this.usage = usage;
  }

  public void configure(JavalinConfig cfg) {
    // The product's one JSON configuration: ISO-8601 instants, the job's field names.
    cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    // A known path with the wrong method is a 405 that names the right ones, not a 404.
    cfg.http.prefer405over404 = true;
    // Bodies are read through RequestBodies, which enforces the same cap; this covers anything
    // that would read through Javalin.
    cfg.http.maxRequestSize = RequestBodies.MAX_BYTES;
    cfg.http.generateEtags = false;

    cfg.routes.post("/v1/videos", auth.require(videos::create));
    getAndHead(cfg, "/v1/videos", auth.require(videos::list));
    getAndHead(cfg, "/v1/videos/{id}", auth.require(videos::get));
    cfg.routes.post("/v1/videos/{id}/cancel", auth.require(videos::cancel));
    cfg.routes.post("/v1/videos/{id}/retry", auth.require(videos::retry));
    getAndHead(cfg, "/v1/videos/{id}/content", contentLinks.guard(auth, content::get));
    cfg.routes.post("/v1/videos/{id}/content-link", auth.require(contentLinks::mint));
    cfg.routes.post("/v1/gateway-callbacks/{id}", callbacks::receive);
    getAndHead(cfg, "/v1/videos/{id}/events", auth.require(events::videoEvents));
    getAndHead(cfg, "/v1/events", auth.require(events::tenantEvents));
    getAndHead(cfg, "/v1/webhooks/secret", auth.require(webhooks::secret));
    cfg.routes.post("/v1/webhooks/secret/rotate", auth.require(webhooks::rotate));
    cfg.routes.post("/v1/webhooks", auth.require(webhooks::create));
    getAndHead(cfg, "/v1/webhooks", auth.require(webhooks::list));
    cfg.routes.delete("/v1/webhooks/{id}", auth.require(webhooks::delete));
    getAndHead(cfg, "/v1/videos/{id}/deliveries", auth.require(webhooks::deliveries));
    cfg.routes.post("/v1/deliveries/{id}/redeliver", auth.require(webhooks::redeliver));
    getAndHead(cfg, "/v1/usage", auth.require(usage::get));
    getAndHead(cfg, "/health", system::health);
    getAndHead(cfg, "/metrics", system::metrics);
    getAndHead(cfg, "/openapi.json", system::openApi);

    console.configure(cfg);

    problems.register(cfg);
    cfg.jetty.modifyServer(
        server -> server.setErrorHandler(new ProblemErrorHandler(Json.mapper())));
    cfg.requestLogger.http(
        (ctx, millis) ->
            observer.finished(ctx.method().name(), route(ctx), ctx.statusCode(), millis));
  }

  /**
   * A GET route and its HEAD twin, which runs the same handler (authentication, status, headers)
   * while Jetty drops the body. Without it Javalin answers HEAD with a bare 200 for any path that
   * has a GET route, without running the handler at all.
   */
  private static void getAndHead(JavalinConfig cfg, String path, Handler handler) {
    cfg.routes.get(path, handler);
    cfg.routes.head(path, handler);
  }

  private static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? UNMATCHED : endpoint.path;
  }
}
