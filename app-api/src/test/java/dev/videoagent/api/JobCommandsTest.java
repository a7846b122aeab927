package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancel and retry through the API. */
class JobCommandsTest {
  private static TestService service;

  @BeforeAll
  static void start() {
    // Jobs take 2 s at the gateway here, so there is time to cancel one on its way.
    service = TestService.builder().completionDelay(Duration.ofSeconds(2)).start();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void cancelIs200ThenEveryFurtherCancelIs409() {
    String id = service.create(KEY_A, "Cancel me").path("id").asText();
    HttpResponse<String> canceled = post("/v1/videos/" + id + "/cancel");
    assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
    assertThat(TestService.json(canceled).path("status").asText()).isEqualTo("canceled");

    JsonNode again = TestService.problem(post("/v1/videos/" + id + "/cancel"), 409);
    assertThat(again.path("type").asText()).isEqualTo("urn:videoagent:problem:job-state-conflict");
    assertThat(again.path("detail").asText()).contains("already canceled");
    // Still canceled later: the tracker leaves it alone.
    assertThat(service.job(KEY_A, id).path("status").asText()).isEqualTo("canceled");
  }

  @Test
  void aCompletedJobCannotBeCanceledOrRetried() {
    String id = service.create(KEY_A, "Finish me").path("id").asText();
    service.awaitJob(KEY_A, id, TestService::stored);
    assertThat(
            TestService.problem(post("/v1/videos/" + id + "/cancel"), 409).path("detail").asText())
        .contains("already completed");
    assertThat(
            TestService.problem(post("/v1/videos/" + id + "/retry"), 409).path("detail").asText())
        .contains("Only a failed job can be retried");
  }

  @Test
  void aFailedJobIsRetriedAsANewAttempt() {
    String prompt = "This one fails [fail]";
    String id = service.create(KEY_A, prompt).path("id").asText();
    JsonNode failed = service.awaitJob(KEY_A, id, j -> j.path("status").asText().equals("failed"));
    assertThat(failed.path("error").path("code").asText()).isEqualTo("gateway_failed");
    assertThat(failed.path("attempt").asInt()).isEqualTo(1);
    // The tracker never resubmits a failed job by itself.
    assertThat(service.sandbox().stats().acceptedSubmissionsFor(prompt)).isEqualTo(1);
    TestService.problem(service.get("/v1/videos/" + id + "/content", KEY_A), 404);

    HttpResponse<String> retried = post("/v1/videos/" + id + "/retry");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    JsonNode pending = TestService.json(retried);
    assertThat(pending.path("status").asText()).isEqualTo("pending");
    assertThat(pending.path("attempt").asInt()).isEqualTo(2);
    assertThat(pending.path("error").isNull()).isTrue();
    assertThat(pending.path("gateway_request_id").isNull()).isTrue();

    JsonNode failedAgain =
        service.awaitJob(
            KEY_A,
            id,
            j -> j.path("status").asText().equals("failed") && j.path("attempt").asInt() == 2);
    assertThat(failedAgain.path("error").path("code").asText()).isEqualTo("gateway_failed");
    assertThat(service.sandbox().stats().acceptedSubmissionsFor(prompt)).isEqualTo(2);
  }

  @Test
  void unknownJobsAre404() {
    TestService.problem(post("/v1/videos/vid_00000000000000000000000000/cancel"), 404);
    TestService.problem(post("/v1/videos/vid_00000000000000000000000000/retry"), 404);
  }

  private static HttpResponse<String> post(String path) {
    return service.send(service.request(path, KEY_A).POST(HttpRequest.BodyPublishers.noBody()));
  }
}
