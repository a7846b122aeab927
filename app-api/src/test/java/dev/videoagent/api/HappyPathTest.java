package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** From a sentence to stored bytes, through the real HTTP API and the sandbox. */
class HappyPathTest {
  private static TestService service;
  private static String id;
  private static JsonNode done;

  @BeforeAll
  static void makeOneVideo() {
    service = TestService.start();
    HttpResponse<String> created =
        service.post(
            "/v1/videos",
            KEY_A,
            TestService.json(
                Map.of(
                    "prompt", "  A 30-second product demo  ",
                    "orientation", "portrait",
                    "metadata", Map.of("campaign", "spring"))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode job = TestService.json(created);
    id = job.path("id").asText();
    assertThat(created.headers().firstValue("Location")).contains("/v1/videos/" + id);
    assertThat(created.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(job.path("status").asText()).isEqualTo("pending");
    assertThat(job.path("prompt").asText()).isEqualTo("A 30-second product demo");
    assertThat(job.path("orientation").asText()).isEqualTo("portrait");
    assertThat(job.path("metadata").path("campaign").asText()).isEqualTo("spring");
    assertThat(job.path("avatar").asText()).isEqualTo("auto");
    assertThat(job.path("content").isNull()).isTrue();
    assertThat(job.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    done = service.awaitJob(KEY_A, id, TestService::stored);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void theCompletedJobDescribesItsStoredVideo() {
    assertThat(done.path("gateway_request_id").asText()).startsWith("heygen-video-agent_");
    assertThat(done.path("video_url").asText()).startsWith("http://127.0.0.1:");
    assertThat(done.path("completed_at").asText()).endsWith("Z");
    assertThat(done.path("error").isNull()).isTrue();
    byte[] clip = service.sandbox().sampleClip();
    assertThat(done.path("content").path("bytes").asLong()).isEqualTo(clip.length);
    assertThat(done.path("content").path("sha256").asText()).isEqualTo(sha256(clip));
    assertThat(done.path("content").path("content_type").asText()).isEqualTo("video/mp4");
  }

  @Test
  void contentIsTheSandboxClipByteForByte() {
    HttpResponse<byte[]> response =
        service.sendForBytes(service.request("/v1/videos/" + id + "/content", KEY_A).GET());
    byte[] clip = service.sandbox().sampleClip();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(clip);
    assertThat(sha256(response.body())).isEqualTo(done.path("content").path("sha256").asText());
    assertThat(response.headers().firstValue("Content-Type")).contains("video/mp4");
    assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
    assertThat(response.headers().firstValue("Content-Length")).contains("" + clip.length);
    assertThat(response.headers().firstValue("ETag")).contains("\"" + sha256(clip) + "\"");
  }

  @Test
  void headGivesTheHeadersWithoutTheBytes() {
    HttpResponse<byte[]> head =
        service.sendForBytes(
            service
                .request("/v1/videos/" + id + "/content", KEY_A)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    byte[] clip = service.sandbox().sampleClip();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).contains("" + clip.length);
    assertThat(head.headers().firstValue("ETag")).contains("\"" + sha256(clip) + "\"");

    HttpResponse<byte[]> unauthenticated =
        service.sendForBytes(
            service
                .request("/v1/videos/" + id + "/content", null)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
  }

  @Test
  void aRangeRequestGetsExactlyThosePartialBytes() {
    byte[] clip = service.sandbox().sampleClip();
    HttpResponse<byte[]> response =
        service.sendForBytes(
            service
                .request("/v1/videos/" + id + "/content", KEY_A)
                .header("Range", "bytes=100-1123")
                .GET());
    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(clip, 100, 1124));
    assertThat(response.headers().firstValue("Content-Range"))
        .contains("bytes 100-1123/" + clip.length);
    assertThat(response.headers().firstValue("Content-Length")).contains("1024");
  }

  @Test
  void openEndedAndSuffixRangesReachTheEnd() {
    byte[] clip = service.sandbox().sampleClip();
    HttpResponse<byte[]> tail =
        service.sendForBytes(
            service
                .request("/v1/videos/" + id + "/content", KEY_A)
                .header("Range", "bytes=-500")
                .GET());
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(clip, clip.length - 500, clip.length));

    HttpResponse<byte[]> rest =
        service.sendForBytes(
            service
                .request("/v1/videos/" + id + "/content", KEY_A)
                .header("Range", "bytes=64000-")
                .GET());
    assertThat(rest.statusCode()).isEqualTo(206);
    assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(clip, 64000, clip.length));
  }

  @Test
  void anUnsatisfiableRangeIs416WithTheSize() {
    byte[] clip = service.sandbox().sampleClip();
    HttpResponse<String> response =
        service.send(
            service
                .request("/v1/videos/" + id + "/content", KEY_A)
                .header("Range", "bytes=" + clip.length + "-")
                .GET());
    TestService.problem(response, 416);
    assertThat(response.headers().firstValue("Content-Range")).contains("bytes */" + clip.length);
  }

  @Test
  void conditionalRequestsUseTheEtag() {
    byte[] clip = service.sandbox().sampleClip();
    String etag = "\"" + sha256(clip) + "\"";
    HttpResponse<byte[]> notModified =
        service.sendForBytes(
            service
                .request("/v1/videos/" + id + "/content", KEY_A)
                .header("If-None-Match", etag)
                .GET());
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();

    HttpResponse<byte[]> staleRange =
        service.sendForBytes(
            service
                .request("/v1/videos/" + id + "/content", KEY_A)
                .header("Range", "bytes=0-9")
                .header("If-Range", "\"something-else\"")
                .GET());
    assertThat(staleRange.statusCode()).isEqualTo(200);
    assertThat(staleRange.body()).isEqualTo(clip);
  }

  @Test
  void contentIsA404ThatSaysWhyUntilTheVideoIsStored() {
    JsonNode fresh = service.create(KEY_A, "Another demo, not finished yet");
    HttpResponse<String> response =
        service.get("/v1/videos/" + fresh.path("id").asText() + "/content", KEY_A);
    JsonNode problem = TestService.problem(response, 404);
    assertThat(problem.path("type").asText()).isEqualTo("urn:videoagent:problem:video-not-ready");
    assertThat(problem.path("detail").asText()).contains("not completed yet");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
