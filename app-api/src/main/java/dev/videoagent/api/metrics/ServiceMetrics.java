package dev.videoagent.api.metrics;

import dev.videoagent.assembly.GatewayObserver;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.usecase.TrackerStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The service's metrics, by the names operators see on {@code /metrics}:
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds{method, route, status}}: every request, by route
 *       template (never the raw path, so ids do not multiply series);
 *   <li>{@code videoagent_jobs{status}}: jobs in the database by status (cached a few seconds);
 *   <li>{@code videoagent_gateway_calls_total{call, outcome}}: submit and status calls;
 *   <li>{@code videoagent_job_transitions_total{status}}: status changes made by the tracker;
 *   <li>{@code videoagent_tracker_lag_seconds}, {@code videoagent_tracker_busy}, {@code
 *       videoagent_tracker_queue_depth}, {@code videoagent_tracker_in_flight}, {@code
 *       videoagent_tracker_in_flight_limit}, {@code videoagent_tracker_degraded}, {@code
 *       videoagent_tracker_since_progress_seconds}, {@code videoagent_tracker_out_of_credit} (1
 *       while a 402 holds submissions back), {@code videoagent_tracker_errors_total{kind}};
 *   <li>{@code videoagent_gateway_breaker_open}: 1 while the circuit breaker keeps calls away from
 *       a failing gateway.
 * </ul>
 */
public final class ServiceMetrics implements GatewayObserver {
  private final PrometheusMeterRegistry registry;

  /**
   * Each request's timer, found once per method, route and status: registering it again on every
   * request sorted its tags and looked its id up in the registry, a few percent of a job read.
   * Bounded, since a route is a template (or {@code unmatched}) and methods and statuses are few.
   */
  private final Map<RequestKind, Timer> requestTimers = new ConcurrentHashMap<>();

  private record RequestKind(String method, String route, int status) {}

  public ServiceMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  public void httpRequest(String method, String route, int status, float millis) {
    requestTimers
        .computeIfAbsent(new RequestKind(method, route, status), this::requestTimer)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  private Timer requestTimer(RequestKind kind) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests by route template and status")
        .tag("method", kind.method())
        .tag("route", kind.route())
        .tag("status", Integer.toString(kind.status()))
        .register(registry);
  }

  @Override
  public void called(String call, String outcome) {
    Counter.builder("videoagent.gateway.calls")
        .description("Calls to the video gateway by kind and outcome")
        .tag("call", call)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void jobTransition(JobStatus to) {
    Counter.builder("videoagent.job.transitions")
        .description("Job status changes made by this instance's tracker")
        .tag("status", to.wireName())
        .register(registry)
        .increment();
  }

  public void trackerError(String kind) {
    Counter.builder("videoagent.tracker.errors")
        .description("Tracker failures: a job that could not be advanced, or a whole round")
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /** Gauges of the job counts, read through {@code counts}. */
  public void bindJobCounts(JobCounts counts) {
    for (JobStatus status : JobStatus.values()) {
      Gauge.builder("videoagent.jobs", counts, c -> c.count(status))
          .description("Jobs in the database by status (all tenants, cached for a few seconds)")
          .tag("status", status.wireName())
          .register(registry);
    }
    Gauge.builder("videoagent.jobs.stalled", counts, JobCounts::stalled)
        .description(
            "Running jobs whose gateway status has not moved for far longer than jobs like them"
                + " take (video.stalled)")
        .register(registry);
  }

  /**
   * Gauges of the background tracker, read through {@code status} (which may return null when
   * nothing could be measured: the gauges then show NaN). Held strongly: Micrometer keeps gauge
   * sources weakly, and nothing else holds this supplier, so it would be collected and the gauges
   * turn NaN.
   */
  public void bindTracker(Supplier<TrackerStatus> status) {
    tracker(
            status,
            "lag",
            "How late the most overdue job that needs no in-flight slot is",
            s -> s.lag().toMillis() / 1000.0)
        .baseUnit("seconds")
        .register(registry);
    tracker(status, "busy", "Jobs the tracker is working on right now", TrackerStatus::busy)
        .register(registry);
    tracker(
            status,
            "queue.depth",
            "Pending jobs waiting for a free in-flight slot",
            TrackerStatus::waitingForSlot)
        .register(registry);
    tracker(
            status,
            "in.flight",
            "Jobs the gateway holds or may hold, across every process on the database",
            TrackerStatus::inFlight)
        .register(registry);
    tracker(
            status,
            "in.flight.limit",
            "The in-flight cap (VIDEOAGENT_MAX_IN_FLIGHT)",
            TrackerStatus::maxInFlight)
        .register(registry);
    tracker(
            status,
            "degraded",
            "1 while tracking does not keep up (falling behind or stalled) or the account is out of"
                + " credit",
            s -> s.isOk() ? 0 : 1)
        .register(registry);
    tracker(
            status,
            "out.of.credit",
            "1 while the gateway account is out of credit (402) and submissions are held back",
            s -> s.creditHoldIfAny().isPresent() ? 1 : 0)
        .register(registry);
    tracker(
            status,
            "since.progress",
            "Time since this instance's tracker last advanced a job (not a number before the first)",
            s ->
                s.lastProgressIfAny()
                    .map(at -> Duration.between(at, s.measuredAt()).toMillis() / 1000.0)
                    .orElse(Double.NaN))
        .baseUnit("seconds")
        .register(registry);
  }

  private static Gauge.Builder<Supplier<TrackerStatus>> tracker(
      Supplier<TrackerStatus> status,
      String name,
      String description,
      ToDoubleFunction<TrackerStatus> value) {
    return Gauge.builder(
            "videoagent.tracker." + name,
            status,
            s -> {
              TrackerStatus current = s.get();
              return current == null ? Double.NaN : value.applyAsDouble(current);
            })
        .description(description)
        .strongReference(true);
  }

  /** 1 while the breaker is open or half-open; held strongly, as the tracker's gauges are. */
  public void bindGatewayBreaker(BooleanSupplier open) {
    Gauge.builder("videoagent.gateway.breaker.open", open, o -> o.getAsBoolean() ? 1 : 0)
        .description("1 while the circuit breaker keeps calls away from a failing gateway")
        .strongReference(true)
        .register(registry);
  }
}
