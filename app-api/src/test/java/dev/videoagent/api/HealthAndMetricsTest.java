package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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
    assertThat(health.path("reason").isNull()).isTrue();
    JsonNode tracker = health.path("tracker");
    assertThat(tracker.path("state").asText()).isEqualTo("ok");
    assertThat(tracker.path("queue_depth").asLong()).isZero();
    assertThat(tracker.path("in_flight").asLong()).isZero();
    assertThat(tracker.path("max_in_flight").asInt()).isEqualTo(10);
    assertThat(tracker.path("last_progress_at").asText()).endsWith("Z");
    assertThat(tracker.path("last_trouble").isNull()).isTrue();
  }

  @Test
  void theHealthSchemaListsEveryFieldOfARealHealthDocument() {
    JsonNode health = TestService.json(service.get("/health", null));
    JsonNode schema =
        TestService.json(service.get("/openapi.json", null))
            .path("components")
            .path("schemas")
            .path("Health");
    assertThat(fields(schema.path("properties"))).isEqualTo(fields(health));
    assertThat(fields(schema.path("properties").path("tracker").path("properties")))
        .isEqualTo(fields(health.path("tracker")));
  }

  private static List<String> fields(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
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
        .contains("videoagent_tracker_queue_depth ")
        .contains("videoagent_tracker_in_flight ")
        .contains("videoagent_tracker_degraded 0.0")
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
