package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Another tenant's job is simply not there: 404 everywhere, exactly like an unknown id. */
class TenantIsolationTest {
  private static TestService service;
  private static String completedId;
  private static String failedId;

  @BeforeAll
  static void jobsOfTenantA() {
    service = TestService.start();
    completedId = service.create(KEY_A, "Tenant A's finished video").path("id").asText();
    failedId = service.create(KEY_A, "Tenant A's video [fail]").path("id").asText();
    service.awaitJob(KEY_A, completedId, TestService::stored);
    service.awaitJob(KEY_A, failedId, j -> j.path("status").asText().equals("failed"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void getIsNotFound() {
    assertSameAsUnknown("GET", "/v1/videos/" + completedId);
  }

  @Test
  void contentIsNotFound() {
    assertSameAsUnknown("GET", "/v1/videos/" + completedId + "/content");
  }

  @Test
  void retryIsNotFoundAndDoesNothing() {
    assertSameAsUnknown("POST", "/v1/videos/" + failedId + "/retry");
    JsonNode job = service.job(KEY_A, failedId);
    assertThat(job.path("status").asText()).isEqualTo("failed");
    assertThat(job.path("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void cancelIsNotFoundAndDoesNothing() {
    String pending = service.create(KEY_A, "Tenant A's job in progress").path("id").asText();
    assertSameAsUnknown("POST", "/v1/videos/" + pending + "/cancel");
    assertThat(service.job(KEY_A, pending).path("status").asText()).isNotEqualTo("canceled");
  }

  @Test
  void listShowsOnlyTheCallersJobs() {
    String ofB = service.create(KEY_B, "Tenant B's own video").path("id").asText();
    assertThat(ids(KEY_B)).containsExactly(ofB);
    assertThat(ids(KEY_A)).contains(completedId, failedId).doesNotContain(ofB);
  }

  private static List<String> ids(String key) {
    HttpResponse<String> response = service.get("/v1/videos?limit=100", key);
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    TestService.json(response).path("data").forEach(j -> ids.add(j.path("id").asText()));
    return ids;
  }

  /** Tenant B's answer for A's job equals its answer for an id that does not exist. */
  private static void assertSameAsUnknown(String method, String path) {
    String unknownPath = path.replace(path.split("/")[3], "vid_00000000000000000000000000");
    JsonNode forOther = TestService.problem(call(method, path), 404);
    JsonNode forUnknown = TestService.problem(call(method, unknownPath), 404);
    assertThat(forOther.path("type")).isEqualTo(forUnknown.path("type"));
    assertThat(forOther.path("title")).isEqualTo(forUnknown.path("title"));
    assertThat(forOther.path("type").asText()).isEqualTo("urn:videoagent:problem:not-found");
  }

  private static HttpResponse<String> call(String method, String path) {
    HttpRequest.Builder request = service.request(path, KEY_B);
    return service.send(
        method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET());
  }
}
