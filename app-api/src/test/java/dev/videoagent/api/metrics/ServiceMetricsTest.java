package dev.videoagent.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

  @Test
  void gaugesBackedOnlyByLambdasSurviveGarbageCollection() {
    ServiceMetrics metrics =
        new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    // Capturing lambdas, as the service's method references are: the JVM makes a new object for
    // each, which nothing but the gauge holds.
    Duration lag = Duration.ofSeconds(3);
    AtomicInteger busy = new AtomicInteger(2);
    AtomicBoolean open = new AtomicBoolean(true);
    metrics.bindTracker(() -> lag, busy::get);
    metrics.bindGatewayBreaker(open::get);
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains("videoagent_tracker_lag_seconds 3.0")
        .contains("videoagent_tracker_busy 2.0")
        .contains("videoagent_gateway_breaker_open 1.0")
        .doesNotContain("NaN");
  }
}
