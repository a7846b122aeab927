package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthAndMetricsTest {
  private static TestService service;

  @BeforeAll
  static void oneFinishedJob() {
    service = TestService.start();
    String id = service.create(KEY_A, "Counted").path("id").asText();
    service.awaitJob(KEY_A, id, TestService::stored);
    TestService.problem(service.get("/v1/videos/vid_unknown", KEY_A), 404);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void healthIsOkWithTheTrackersState() {
    HttpResponse<String> response = service.get("/health", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = TestService.json(response);
    assertThat(health.path("status").asText()).isEqualTo("ok");
    assertThat(health.path("database").asText()).isEqualTo("ok");
    assertThat(health.path("tracker").path("running").asBoolean()).isTrue();
    assertThat(health.path("tracker").path("busy").isInt()).isTrue();
    assertThat(health.path("tracker").path("lag_seconds").isNumber()).isTrue();
  }

  @Test
  void metricsAreInThePrometheusTextFormat() {
    HttpResponse<String> response = service.get("/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body())
        .contains("# TYPE http_server_requests_seconds summary")
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",route=\"/v1/videos\",status=\"201\"}")
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/videos/{id}\",status=\"404\"}")
        .contains("# TYPE videoagent_jobs gauge")
        .contains("videoagent_jobs{status=\"completed\"}")
        .contains("videoagent_jobs{status=\"pending\"}")
        .contains("videoagent_gateway_calls_total{call=\"submit\",outcome=\"accepted\"} 1.0")
        .contains("videoagent_gateway_calls_total{call=\"status\",outcome=\"completed\"} 1.0")
        .contains("videoagent_job_transitions_total{status=\"completed\"} 1.0")
        .contains("videoagent_tracker_lag_seconds ")
        .contains("videoagent_tracker_busy ")
        .contains("jvm_memory_used_bytes");
    // Routes are tagged by template, never by the raw path with its id.
    assertThat(response.body()).doesNotContain("vid_unknown");
  }

  @Test
  void theJobCountsComeFromTheDatabase() {
    String body = service.get("/metrics", null).body();
    assertThat(body).containsPattern("videoagent_jobs\\{status=\"completed\"} [1-9]");
  }
}
