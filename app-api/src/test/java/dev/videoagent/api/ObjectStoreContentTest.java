package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.persistence.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /v1/videos/{id}/content from object storage: the bytes, ranges and ETag as from a folder; or,
 * with VIDEOAGENT_CONTENT_REDIRECT, a redirect to a presigned URL after the same checks.
 */
class ObjectStoreContentTest {
  @TempDir static Path temp;
  private static S3ProxyServer s3;
  private String id;
  private String sha256;
  private byte[] clip;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(temp.resolve("s3"));
    s3.createBucket("team-videos");
  }

  private void storeOneVideo(TestService service) {
    id = service.create(KEY_A, "A video kept in the bucket").path("id").asText();
    JsonNode done = service.awaitJob(KEY_A, id, job -> !job.path("content").isNull());
    sha256 = done.path("content").path("sha256").asText();
    clip = service.sandbox().sampleClip();
    assertThat(s3.dataFolder().resolve("team-videos/prod").resolve(id + ".mp4")).exists();
    assertThat(service.home.resolve("videos")).doesNotExist();
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static TestService service(boolean redirect) {
    return TestService.builder()
        .env("VIDEOAGENT_STORE", "s3://team-videos/prod")
        .env("AWS_ENDPOINT_URL_S3", s3.endpoint().toString())
        .env("AWS_REGION", S3ProxyServer.REGION)
        .env("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY)
        .env("VIDEOAGENT_CONTENT_REDIRECT", Boolean.toString(redirect))
        .start();
  }

  @Test
  void theServiceSendsTheBytesAndRangesFromTheBucket() {
    try (TestService service = service(false)) {
      storeOneVideo(service);
      HttpResponse<byte[]> whole =
          service.sendForBytes(service.request("/v1/videos/" + id + "/content", KEY_A).GET());
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(clip);
      assertThat(whole.headers().firstValue("ETag")).contains("\"" + sha256 + "\"");

      HttpResponse<byte[]> part =
          service.sendForBytes(
              service
                  .request("/v1/videos/" + id + "/content", KEY_A)
                  .header("Range", "bytes=100-1123")
                  .GET());
      assertThat(part.statusCode()).isEqualTo(206);
      assertThat(part.body()).isEqualTo(Arrays.copyOfRange(clip, 100, 1124));
      assertThat(part.headers().firstValue("Content-Range"))
          .contains("bytes 100-1123/" + clip.length);

      HttpResponse<byte[]> suffix =
          service.sendForBytes(
              service
                  .request("/v1/videos/" + id + "/content", KEY_A)
                  .header("Range", "bytes=-10")
                  .GET());
      assertThat(suffix.statusCode()).isEqualTo(206);
      assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(clip, clip.length - 10, clip.length));
    }
  }

  @Test
  void withRedirectsOnTheAnswerIsAShortLivedLinkGivenOnlyAfterTheChecks() throws Exception {
    try (TestService service = service(true)) {
      storeOneVideo(service);
      HttpResponse<byte[]> answer =
          service.sendForBytes(service.request("/v1/videos/" + id + "/content", KEY_A).GET());
      assertThat(answer.statusCode()).isEqualTo(302);
      assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
      URI link = URI.create(answer.headers().firstValue("Location").orElseThrow());
      assertThat(link.toString()).startsWith(s3.endpoint() + "/team-videos/prod/" + id + ".mp4?");
      assertThat(link.getQuery()).contains("X-Amz-Expires=300");

      HttpResponse<byte[]> fromTheBucket =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fromTheBucket.statusCode()).isEqualTo(200);
      assertThat(fromTheBucket.body()).isEqualTo(clip);

      assertThat(
              service
                  .sendForBytes(service.request("/v1/videos/" + id + "/content", null).GET())
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<byte[]> otherTenant =
          service.sendForBytes(service.request("/v1/videos/" + id + "/content", KEY_B).GET());
      assertThat(otherTenant.statusCode()).isEqualTo(404);
      assertThat(otherTenant.headers().firstValue("Location")).isEmpty();
    }
  }
}
