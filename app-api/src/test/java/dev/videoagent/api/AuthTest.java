package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.core.usecase.IssueClientKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {
  private static TestService service;

  /** Every route that needs a key, with a request that would otherwise be fine. */
  private static final List<String[]> PROTECTED =
      List.of(
          new String[] {"POST", "/v1/videos"},
          new String[] {"GET", "/v1/videos"},
          new String[] {"GET", "/v1/videos/vid_X"},
          new String[] {"POST", "/v1/videos/vid_X/cancel"},
          new String[] {"POST", "/v1/videos/vid_X/retry"},
          new String[] {"GET", "/v1/videos/vid_X/content"});

  @BeforeAll
  static void start() {
    service = TestService.start();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void everyV1RouteRefusesARequestWithoutAKey() {
    for (String[] route : PROTECTED) {
      HttpResponse<String> response = service.send(request(route, null));
      JsonNode problem = TestService.problem(response, 401);
      assertThat(problem.path("type").asText()).isEqualTo("urn:videoagent:problem:unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as(route[0] + " " + route[1])
          .contains("Bearer realm=\"videoagent\"");
    }
  }

  @Test
  void aMalformedAuthorizationHeaderIs401() {
    for (String header :
        new String[] {"Basic YWNtZTpzZWNyZXQ=", "Bearer", "Bearer    ", KEY_A, "Token " + KEY_A}) {
      HttpResponse<String> response =
          service.send(service.request("/v1/videos", null).header("Authorization", header).GET());
      TestService.problem(response, 401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as(header)
          .contains("Bearer realm=\"videoagent\", error=\"invalid_request\"");
    }
  }

  @Test
  void aWrongKeyIs401AndIsNotEchoed() {
    String wrong = "acme-key-0123456789abcdeX";
    for (String[] route : PROTECTED) {
      HttpResponse<String> response = service.send(request(route, wrong));
      TestService.problem(response, 401);
      assertThat(response.body()).doesNotContain(wrong);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"videoagent\", error=\"invalid_token\"");
    }
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    HttpResponse<String> response =
        service.send(
            service.request("/v1/videos", null).header("Authorization", "bearer " + KEY_A).GET());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aKeyIssuedLikeTheCliDoesWorksForItsTenant() {
    String issued = service.get(IssueClientKey.class).issue("initech");
    JsonNode job = service.create(issued, "Made with an issued key");
    assertThat(service.job(issued, job.path("id").asText()).path("id").asText())
        .isEqualTo(job.path("id").asText());
    TestService.problem(service.get("/v1/videos/" + job.path("id").asText(), KEY_A), 404);
  }

  @Test
  void operationsRoutesAndTheGatewayCallbackNeedNoKey() {
    assertThat(service.get("/health", null).statusCode()).isEqualTo(200);
    assertThat(service.get("/metrics", null).statusCode()).isEqualTo(200);
    assertThat(service.get("/openapi.json", null).statusCode()).isEqualTo(200);
    // Not a 401: the callback is authenticated by its per-job token instead.
    TestService.problem(
        service.send(
            service
                .request("/v1/gateway-callbacks/vid_X?token=t", null)
                .POST(HttpRequest.BodyPublishers.noBody())),
        404);
  }

  private static HttpRequest.Builder request(String[] route, String key) {
    HttpRequest.Builder builder = service.request(route[1], key);
    if (route[0].equals("POST")) {
      return builder
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hello\"}"));
    }
    return builder.GET();
  }
}
