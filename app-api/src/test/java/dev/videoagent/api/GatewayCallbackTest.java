package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.core.port.JobRepository;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service with VIDEOAGENT_PUBLIC_URL pointing at itself, so the sandbox's webhook reaches it.
 * Jobs take 2 s at the gateway; the safety-net poll would first read after 2 minutes, so every
 * status read seen here was caused by a callback.
 */
class GatewayCallbackTest {
  private static TestService service;

  @BeforeAll
  static void start() {
    int port = TestService.freePort();
    service =
        TestService.builder()
            .completionDelay(Duration.ofSeconds(2))
            .env(Setting.VIDEOAGENT_PORT.variable(), Integer.toString(port))
            .env(Setting.VIDEOAGENT_PUBLIC_URL.variable(), "http://127.0.0.1:" + port)
            .start();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void forgedCallbacksAreRefusedAndTheGenuineOneCompletesTheJobWithOneRead() {
    String id = service.create(KEY_A, "Call me back").path("id").asText();
    JsonNode queued = service.awaitJob(KEY_A, id, j -> !j.path("gateway_request_id").isNull());
    String requestId = queued.path("gateway_request_id").asText();

    HttpResponse<String> wrongToken =
        callback(id, "token=not-the-token", "{\"status\":\"COMPLETED\"}");
    HttpResponse<String> unknownJob =
        callback("vid_00000000000000000000000000", "token=not-the-token", "{}");
    HttpResponse<String> noToken = callback(id, "", "{}");
    JsonNode refused = TestService.problem(wrongToken, 404);
    // A wrong token and an unknown job are answered alike: the route reveals nothing.
    assertThat(TestService.json(unknownJob)).isEqualTo(refused);
    assertThat(TestService.json(noToken)).isEqualTo(refused);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(1))
        .until(() -> service.sandbox().stats().statusReadsFor(requestId) == 0);
    assertThat(service.job(KEY_A, id).path("status").asText()).isEqualTo("queued");

    // The sandbox calls back when the job ends; the service then reads its status once.
    JsonNode done = service.awaitJob(KEY_A, id, TestService::stored);
    assertThat(done.path("content").path("sha256").asText()).hasSize(64);
    assertThat(service.sandbox().stats().webhookDeliveries()).isGreaterThanOrEqualTo(1);
    assertThat(service.sandbox().stats().statusReadsFor(requestId)).isEqualTo(1);
  }

  @Test
  void aGenuineCallbackForAFinishedJobChangesNothing() {
    String id = service.create(KEY_A, "Already done").path("id").asText();
    JsonNode done = service.awaitJob(KEY_A, id, TestService::stored);
    String token = service.get(JobRepository.class).findById(id).orElseThrow().callbackToken();
    long readsBefore =
        service.sandbox().stats().statusReadsFor(done.path("gateway_request_id").asText());

    HttpResponse<String> response = callback(id, "token=" + token, "{\"anything\": true}");
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(service.sandbox().stats().statusReadsFor(done.path("gateway_request_id").asText()))
        .isEqualTo(readsBefore);
  }

  @Test
  void anOversizedCallbackBodyIs413() {
    HttpResponse<String> response =
        callback("vid_00000000000000000000000000", "token=x", "x".repeat(65 * 1024));
    TestService.problem(response, 413);
  }

  private static HttpResponse<String> callback(String id, String query, String body) {
    return service.send(
        service
            .request("/v1/gateway-callbacks/" + id + (query.isEmpty() ? "" : "?" + query), null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
