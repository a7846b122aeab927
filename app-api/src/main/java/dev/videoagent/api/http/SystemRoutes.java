package dev.videoagent.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.videoagent.api.wiring.GuardedGateway;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /health}, {@code /metrics} and {@code /openapi.json}: for operators and tools, no key. */
public final class SystemRoutes {
  static final String OPENAPI_RESOURCE = "/dev/videoagent/api/openapi.json";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final BooleanSupplier databaseHealthy;
  private final GuardedGateway gateway;
  private final Tracking tracking;
  private final Supplier<String> scrape;
  private final byte[] openApi;

  public SystemRoutes(
      BooleanSupplier databaseHealthy,
      GuardedGateway gateway,
      Tracking tracking,
      Supplier<String> scrape) {
    this.databaseHealthy = databaseHealthy;
    this.gateway = gateway;
    this.tracking = tracking;
    this.scrape = scrape;
    this.openApi = openApiDocument();
  }

  /**
   * {@code GET /health}: 200 when the database answers, else 503; {@code status} is {@code ok},
   * {@code degraded} (still 200: the gateway is failing and its circuit breaker holds calls back;
   * jobs wait and resume by themselves) or {@code unavailable}; the gateway's and the tracker's
   * state either way.
   */
  public void health(Context ctx) {
    boolean up = databaseHealthy.getAsBoolean();
    TrackerView tracker =
        new TrackerView(
            tracking.running(),
            tracking.busy(),
            tracking.lag().toMillis() / 1000.0,
            tracking.lastTrouble());
    ctx.header("Cache-Control", "no-store");
    String status = !up ? "unavailable" : gateway.isDegraded() ? "degraded" : "ok";
    ctx.status(up ? 200 : 503)
        .json(
            new HealthView(
                status, up ? "ok" : "unreachable", new GatewayView(gateway.state()), tracker));
  }

  /** {@code GET /metrics}: Prometheus text format. */
  public void metrics(Context ctx) {
    ctx.contentType(PROMETHEUS_TEXT).result(scrape.get());
  }

  /** {@code GET /openapi.json}. */
  public void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
  }

  /** The OpenAPI document as shipped in the jar. */
  public static byte[] openApiDocument() {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The health document; {@code status} is {@code ok}, {@code degraded} or {@code unavailable}. */
  @JsonPropertyOrder({"status", "database", "gateway", "tracker"})
  public record HealthView(
      String status, String database, GatewayView gateway, TrackerView tracker) {}

  /**
   * The gateway's circuit breaker: {@code closed} (calls flow), {@code open}, {@code half_open}.
   */
  public record GatewayView(String breaker) {}

  /** The background tracker's state. */
  @JsonPropertyOrder({"running", "busy", "lag_seconds", "gateway_trouble"})
  public record TrackerView(
      boolean running,
      int busy,
      @JsonProperty("lag_seconds") double lagSeconds,
      @JsonProperty("gateway_trouble") String gatewayTrouble) {}
}
