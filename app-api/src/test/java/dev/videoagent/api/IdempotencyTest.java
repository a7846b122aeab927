package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  private static TestService service;

  @BeforeAll
  static void start() {
    service = TestService.start();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void theSameKeyAndBodyReplayTheOriginalJob() {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = create(KEY_A, key, "{\"prompt\":\"Replay me\",\"voice\":\"v1\"}");
    // The same request, written differently: same fields, other order and spacing.
    HttpResponse<String> again =
        create(KEY_A, key, "{ \"voice\": \"v1\",\n  \"prompt\": \"Replay me\" }");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    String id = TestService.json(first).path("id").asText();
    assertThat(TestService.json(again).path("id").asText()).isEqualTo(id);
    assertThat(again.headers().firstValue("Location")).contains("/v1/videos/" + id);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    // Exactly one job exists and is submitted once.
    service.awaitJob(KEY_A, id, TestService::stored);
    assertThat(service.sandbox().stats().acceptedSubmissionsFor("Replay me")).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIs409() {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = create(KEY_A, key, "{\"prompt\":\"Original request\"}");
    HttpResponse<String> other = create(KEY_A, key, "{\"prompt\":\"A different request\"}");
    assertThat(first.statusCode()).isEqualTo(201);
    JsonNode problem = TestService.problem(other, 409);
    assertThat(problem.path("type").asText())
        .isEqualTo("urn:videoagent:problem:idempotency-key-reused");
  }

  @Test
  void keysBelongToOneTenant() {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> ofA = create(KEY_A, key, "{\"prompt\":\"Same key, two tenants\"}");
    HttpResponse<String> ofB = create(KEY_B, key, "{\"prompt\":\"Same key, two tenants\"}");
    assertThat(ofA.statusCode()).isEqualTo(201);
    assertThat(ofB.statusCode()).isEqualTo(201);
    assertThat(TestService.json(ofB).path("id").asText())
        .isNotEqualTo(TestService.json(ofA).path("id").asText());
    assertThat(ofB.headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void aMalformedKeyIs400NamingTheHeader() {
    for (String key : new String[] {"has space", "x".repeat(256)}) {
      JsonNode problem = TestService.problem(create(KEY_A, key, "{\"prompt\":\"hi\"}"), 400);
      assertThat(TestService.fields(problem)).as(key).containsExactly("Idempotency-Key");
    }
  }

  private static HttpResponse<String> create(String apiKey, String idempotencyKey, String body) {
    return service.send(
        service
            .request("/v1/videos", apiKey)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
