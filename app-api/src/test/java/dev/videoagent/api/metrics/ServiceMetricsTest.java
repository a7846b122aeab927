package dev.videoagent.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.port.WorkBacklog;
import dev.videoagent.core.usecase.TrackerStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

  @Test
  void requestsOfOneKindShareOneSeriesAndEachKindHasItsOwn() {
    ServiceMetrics metrics =
        new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    for (int i = 0; i < 5; i++) {
      metrics.httpRequest("GET", "/v1/videos/{id}", 200, 1.5f);
    }
    metrics.httpRequest("GET", "/v1/videos/{id}", 404, 0.5f);
    metrics.httpRequest("HEAD", "/v1/videos/{id}", 200, 0.5f);

    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/videos/{id}\",status=\"200\"} 5")
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/videos/{id}\",status=\"404\"} 1")
        .contains(
            "http_server_requests_seconds_count{method=\"HEAD\",route=\"/v1/videos/{id}\",status=\"200\"} 1")
        .contains(
            "http_server_requests_seconds_sum{method=\"GET\",route=\"/v1/videos/{id}\",status=\"200\"} 0.0075");
  }

  @Test
  void gaugesBackedOnlyByLambdasSurviveGarbageCollection() {
    ServiceMetrics metrics =
        new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    TrackerStatus status =
        TrackerStatus.assess(
            now,
            true,
            2,
            new WorkBacklog(110, 10, now.minusSeconds(3), now.minusSeconds(60)),
            10,
            now.minusSeconds(600),
            now.minusSeconds(4),
            null,
            null);
    AtomicBoolean open = new AtomicBoolean(true);
    // Capturing lambdas, as the service's method references are: the JVM makes a new object for
    // each, which nothing but the gauge holds.
    metrics.bindTracker(() -> status);
    metrics.bindGatewayBreaker(open::get);
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains("videoagent_tracker_lag_seconds 3.0")
        .contains("videoagent_tracker_busy 2.0")
        .contains("videoagent_tracker_queue_depth 110.0")
        .contains("videoagent_tracker_in_flight 10.0")
        .contains("videoagent_tracker_in_flight_limit 10.0")
        .contains("videoagent_tracker_degraded 0.0")
        .contains("videoagent_tracker_since_progress_seconds 4.0")
        .contains("videoagent_gateway_breaker_open 1.0")
        .doesNotContain("NaN");
  }

  @Test
  void trackerGaugesAreNaNWhileNothingCouldBeMeasured() {
    ServiceMetrics metrics =
        new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    metrics.bindTracker(() -> null);
    assertThat(metrics.scrape())
        .contains("videoagent_tracker_lag_seconds NaN")
        .contains("videoagent_tracker_degraded NaN");
  }
}
