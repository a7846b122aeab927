package dev.videoagent.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.videoagent.assembly.GuardedGateway;
import dev.videoagent.core.usecase.CreditHold;
import dev.videoagent.core.usecase.TrackerStatus;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /health}, {@code /metrics} and {@code /openapi.json}: for operators and tools, no key. */
public final class SystemRoutes {
  static final String OPENAPI_RESOURCE = "/dev/videoagent/api/openapi.json";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final BooleanSupplier databaseHealthy;
  private final GuardedGateway gateway;
  private final TrackerControls tracking;
  private final Supplier<String> scrape;
  private final byte[] openApi;

  public SystemRoutes(
      BooleanSupplier databaseHealthy,
      GuardedGateway gateway,
      TrackerControls tracking,
      Supplier<String> scrape) {
    this.databaseHealthy = databaseHealthy;
    this.gateway = gateway;
    this.tracking = tracking;
    this.scrape = scrape;
    this.openApi = openApiDocument();
  }

  /**
   * {@code GET /health}: 200 when the database answers, else 503. {@code status} is {@code ok},
   * {@code degraded} (still 200: the gateway is failing and its circuit breaker holds calls back,
   * or tracking does not keep up — jobs that could move have not for a while, or the most overdue
   * one is minutes late; {@code reason} says which) or {@code unavailable}; the gateway's and the
   * tracker's state and figures either way.
   */
  public void health(Context ctx) {
    boolean up = databaseHealthy.getAsBoolean();
    TrackerStatus measured = measure();
    List<String> reasons = new ArrayList<>();
    if (gateway.isDegraded()) {
      reasons.add(
          "The gateway failed most of its recent calls: its circuit breaker holds calls back for a"
              + " while, and jobs wait and resume by themselves.");
    }
    if (measured != null && !measured.isOk()) {
      reasons.add(measured.reason());
    }
    String status = !up ? "unavailable" : reasons.isEmpty() ? "ok" : "degraded";
    if (!up) {
      reasons.add(0, "The database does not answer.");
    }
    ctx.header("Cache-Control", "no-store");
    ctx.status(up ? 200 : 503)
        .json(
            new HealthView(
                status,
                reasons.isEmpty() ? null : String.join(" ", reasons),
                up ? "ok" : "unreachable",
                new GatewayView(gateway.state()),
                TrackerView.of(tracking.running(), measured)));
  }

  /** The tracker's figures, or null when the database never answered. */
  private TrackerStatus measure() {
    try {
      return tracking.status();
    } catch (RuntimeException databaseDown) {
      return null;
    }
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

  /**
   * The health document; {@code status} is {@code ok}, {@code degraded} or {@code unavailable}, and
   * {@code reason} says why it is not {@code ok} (null when it is).
   */
  @JsonPropertyOrder({"status", "reason", "database", "gateway", "tracker"})
  public record HealthView(
      String status, String reason, String database, GatewayView gateway, TrackerView tracker) {}

  /**
   * The gateway's circuit breaker: {@code closed} (calls flow), {@code open}, {@code half_open}.
   */
  public record GatewayView(String breaker) {}

  /**
   * The background tracker's state and figures, measured from the database (null figures: it did
   * not answer). {@code state} is {@code ok}, {@code falling_behind} or {@code stalled}.
   */
  @JsonPropertyOrder({
    "running",
    "busy",
    "lag_seconds",
    "gateway_trouble",
    "state",
    "credit_hold",
    "queue_depth",
    "in_flight",
    "max_in_flight",
    "last_progress_at",
    "last_trouble"
  })
  public record TrackerView(
      boolean running,
      Integer busy,
      @JsonProperty("lag_seconds") Double lagSeconds,
      @JsonProperty("gateway_trouble") String gatewayTrouble,
      String state,
      @JsonProperty("queue_depth") Long queueDepth,
      @JsonProperty("in_flight") Long inFlight,
      @JsonProperty("max_in_flight") Integer maxInFlight,
      @JsonProperty("last_progress_at") Instant lastProgressAt,
      @JsonProperty("last_trouble") TroubleView lastTrouble,
      @JsonProperty("credit_hold") CreditHoldView creditHold) {

    static TrackerView of(boolean running, TrackerStatus status) {
      if (status == null) {
        return new TrackerView(running, null, null, null, null, null, null, null, null, null, null);
      }
      return new TrackerView(
          running,
          status.busy(),
          status.lag().toMillis() / 1000.0,
          status.gatewayTrouble(),
          status.health().name().toLowerCase(Locale.ROOT),
          status.waitingForSlot(),
          status.inFlight(),
          status.maxInFlight(),
          status.lastProgressAt(),
          status.lastTroubleIfAny().map(t -> new TroubleView(t.message(), t.at())).orElse(null),
          status.creditHoldIfAny().map(CreditHoldView::of).orElse(null));
    }
  }

  /** The hold on submissions while the gateway account is out of credit. */
  public record CreditHoldView(
      Instant since,
      @JsonProperty("next_probe_at") Instant nextProbeAt,
      @JsonProperty("interval_seconds") long intervalSeconds,
      String detail) {
    static CreditHoldView of(CreditHold.State state) {
      return new CreditHoldView(
          state.since(), state.nextProbeAt(), state.interval().toSeconds(), state.detail());
    }
  }

  /** The last thing that went wrong while tracking, and when. */
  public record TroubleView(String message, Instant at) {}
}
