package dev.videoagent.adapters.http.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.HttpMediaDownloader;
import dev.videoagent.adapters.http.PixazoGatewayConfig;
import dev.videoagent.adapters.http.sandbox.SandboxStats.SubmitOutcome;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.DownloadResult;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.testing.InMemoryVideoStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxGatewayTest {
  static final Duration DELAY = Duration.ofMillis(900);
  private static final String SUBMIT = "/heygen-video-agent/v1/heygen-video-agent-request";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private SandboxGateway sandbox;
  private FeignVideoGateway gateway;

  @BeforeEach
  void start() throws IOException {
    sandbox = SandboxGateway.start(SandboxConfig.defaults().withCompletionDelay(DELAY));
    gateway = gatewayFor(sandbox, sandbox.apiKey());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  static FeignVideoGateway gatewayFor(SandboxGateway sandbox, String key) {
    return FeignVideoGateway.create(
        PixazoGatewayConfig.of(sandbox.baseUrl(), key)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofMillis(700)));
  }

  static String submitAccepted(FeignVideoGateway gateway, String prompt) {
    SubmitResult result = gateway.submit(new GatewaySubmission(VideoRequest.of(prompt), null));
    assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
    return ((SubmitResult.Accepted) result).requestId();
  }

  static StatusResult awaitFinal(FeignVideoGateway gateway, String requestId) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> gateway.readStatus(requestId),
            r -> r instanceof StatusResult.Completed || r instanceof StatusResult.Failed);
  }

  private HttpResponse<String> rawSubmit(String body, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + SUBMIT))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Ocp-Apim-Subscription-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> rawGet(URI url, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
    if (key != null) {
      request.header("Ocp-Apim-Subscription-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void runsAJobFromSubmitThroughStatusesToAStoredPlayableVideo() throws Exception {
    String prompt = "A friendly welcome to our new customers";
    String id = submitAccepted(gateway, prompt);

    assertThat(id).matches("heygen-video-agent_[0-9a-f-]{36}");
    assertThat(gateway.readStatus(id)).isEqualTo(new StatusResult.Running(JobStatus.QUEUED));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> gateway.readStatus(id),
            r -> r.equals(new StatusResult.Running(JobStatus.PROCESSING)));
    StatusResult done = awaitFinal(gateway, id);

    assertThat(done).isInstanceOf(StatusResult.Completed.class);
    URI media = ((StatusResult.Completed) done).mediaUrl();
    assertThat(media).isEqualTo(URI.create(sandbox.baseUrl() + "/media/" + id + ".mp4"));

    InMemoryVideoStore store = new InMemoryVideoStore();
    DownloadResult downloaded = new HttpMediaDownloader(store).download("job-1", media);

    assertThat(downloaded).isInstanceOf(DownloadResult.Stored.class);
    byte[] clip = sandbox.sampleClip();
    byte[] stored = store.committed("job-1").orElseThrow().bytes();
    assertThat(stored).isEqualTo(clip);
    assertThat(new String(stored, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    DownloadResult.Stored content = (DownloadResult.Stored) downloaded;
    assertThat(content.content().contentType()).isEqualTo("video/mp4");
    assertThat(content.content().bytes()).isEqualTo(clip.length);
    assertThat(content.content().sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(clip)));

    SandboxStats stats = sandbox.stats();
    assertThat(stats.acceptedSubmissions()).isEqualTo(1);
    assertThat(stats.acceptedSubmissionsFor(prompt)).isEqualTo(1);
    assertThat(stats.acceptedSubmissionsFor("another prompt")).isZero();
    assertThat(stats.submitCalls(SubmitOutcome.ACCEPTED)).isEqualTo(1);
    assertThat(stats.submitCalls()).isEqualTo(1);
    assertThat(stats.statusReadsFor(id)).isGreaterThanOrEqualTo(3).isEqualTo(stats.statusReads());
    assertThat(stats.mediaDownloads()).isEqualTo(1);
  }

  @Test
  void answersInTheGatewaysShapes() throws Exception {
    HttpResponse<String> submitted =
        rawSubmit(
            "{\"prompt\":\"hello\",\"avatar\":\"auto\",\"voice\":\"auto\",\"orientation\":\"landscape\"}",
            "sandbox");

    assertThat(submitted.statusCode()).isEqualTo(200);
    assertThat(submitted.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode answer = json.readTree(submitted.body());
    String id = answer.get("request_id").asText();
    assertThat(answer.get("status").asText()).isEqualTo("QUEUED");
    assertThat(answer.get("polling_url").asText())
        .isEqualTo(sandbox.baseUrl() + "/v2/requests/status/" + id);

    HttpResponse<String> status = rawGet(URI.create(answer.get("polling_url").asText()), "sandbox");

    assertThat(status.statusCode()).isEqualTo(200);
    JsonNode read = json.readTree(status.body());
    assertThat(read.get("request_id").asText()).isEqualTo(id);
    assertThat(read.get("status").asText()).isEqualTo("QUEUED");
  }

  @Test
  void refusesAWrongOrMissingKeyLikeApiManagement() throws Exception {
    HttpResponse<String> wrong = rawSubmit("{\"prompt\":\"hello\"}", "not-the-key");
    HttpResponse<String> missing = rawSubmit("{\"prompt\":\"hello\"}", null);

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json.readTree(wrong.body()))
        .isEqualTo(
            json.readTree(
                "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key."
                    + " Make sure to provide a valid key for an active subscription.\"}"));
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(json.readTree(missing.body()).get("message").asText())
        .startsWith("Access denied due to missing subscription key.");

    FeignVideoGateway wrongKey = gatewayFor(sandbox, "not-the-key");
    assertThatThrownBy(() -> wrongKey.submit(new GatewaySubmission(VideoRequest.of("hi"), null)))
        .isInstanceOf(GatewayAuthenticationException.class)
        .hasMessageContaining("PIXAZO_API_KEY");
    String id = submitAccepted(gateway, "hello");
    assertThatThrownBy(() -> wrongKey.readStatus(id))
        .isInstanceOf(GatewayAuthenticationException.class);

    assertThat(sandbox.stats().submitCalls(SubmitOutcome.UNAUTHORIZED)).isEqualTo(3);
    assertThat(sandbox.stats().acceptedSubmissions()).isEqualTo(1);
  }

  @Test
  void acceptsAnotherKeyWhenConfigured() throws Exception {
    try (SandboxGateway custom =
        SandboxGateway.start(SandboxConfig.defaults().withApiKey("k-123456"))) {
      assertThat(custom.apiKey()).isEqualTo("k-123456");
      submitAccepted(gatewayFor(custom, "k-123456"), "hello");
      assertThatThrownBy(
              () ->
                  gatewayFor(custom, "sandbox")
                      .submit(new GatewaySubmission(VideoRequest.of("hello"), null)))
          .isInstanceOf(GatewayAuthenticationException.class);
    }
  }

  @Test
  void validatesTheSubmitBody() throws Exception {
    String longest = "a".repeat(10_000);

    assertThat(rawSubmit("{}", "sandbox").body()).contains("prompt is required");
    assertThat(rawSubmit("{\"prompt\":\"   \"}", "sandbox").statusCode()).isEqualTo(400);
    assertThat(rawSubmit("{\"prompt\":42}", "sandbox").statusCode()).isEqualTo(400);
    HttpResponse<String> tooLong = rawSubmit("{\"prompt\":\"" + longest + "b\"}", "sandbox");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(json.readTree(tooLong.body()).get("message").asText()).contains("10000");
    assertThat(rawSubmit("{\"prompt\":\"" + longest + "\"}", "sandbox").statusCode())
        .isEqualTo(200);
    assertThat(rawSubmit("{\"prompt\":\"hi\",\"orientation\":\"square\"}", "sandbox").body())
        .contains("orientation");
    assertThat(rawSubmit("{\"prompt\":\"hi\",\"avatar\":\"\"}", "sandbox").statusCode())
        .isEqualTo(400);
    assertThat(rawSubmit("prompt=hi", "sandbox").statusCode()).isEqualTo(400);
    assertThat(rawSubmit("[\"hi\"]", "sandbox").statusCode()).isEqualTo(400);
    HttpResponse<String> huge =
        rawSubmit("{\"prompt\":\"hi\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}", "sandbox");
    assertThat(huge.statusCode()).isEqualTo(413);

    SubmitResult badWebhook =
        gateway.submit(
            new GatewaySubmission(VideoRequest.of("hi"), URI.create("ftp://example.test/hook")));
    assertThat(badWebhook).isInstanceOf(SubmitResult.Rejected.class);
    assertThat(((SubmitResult.Rejected) badWebhook).message()).contains("X-Webhook-URL");

    assertThat(sandbox.stats().submitCalls(SubmitOutcome.INVALID)).isEqualTo(10);
    assertThat(sandbox.stats().acceptedSubmissions()).isEqualTo(1);
  }

  @Test
  void aPromptWithTheFailMarkerEndsFailed() throws Exception {
    String id = submitAccepted(gateway, "Make a video that will [fail] on purpose");

    StatusResult done = awaitFinal(gateway, id);

    assertThat(done).isInstanceOf(StatusResult.Failed.class);
    assertThat(((StatusResult.Failed) done).reason()).contains("[fail]");
    assertThat(rawGet(URI.create(sandbox.baseUrl() + "/media/" + id + ".mp4"), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aConfiguredFailMarkerIsHonoured() throws Exception {
    try (SandboxGateway custom =
        SandboxGateway.start(
            SandboxConfig.defaults()
                .withCompletionDelay(Duration.ofMillis(200))
                .withFailMarker("#boom"))) {
      FeignVideoGateway client = gatewayFor(custom, custom.apiKey());
      String failing = submitAccepted(client, "please #boom");
      String fine = submitAccepted(client, "please [fail]");

      assertThat(awaitFinal(client, failing)).isInstanceOf(StatusResult.Failed.class);
      assertThat(awaitFinal(client, fine)).isInstanceOf(StatusResult.Completed.class);
    }
  }

  @Test
  void anUnknownRequestIdIsNotFound() throws Exception {
    HttpResponse<String> raw =
        rawGet(
            URI.create(sandbox.baseUrl() + "/v2/requests/status/heygen-video-agent_nope"),
            "sandbox");

    assertThat(raw.statusCode()).isEqualTo(404);
    assertThat(json.readTree(raw.body()).get("statusCode").asInt()).isEqualTo(404);
    StatusResult read = gateway.readStatus("heygen-video-agent_nope");
    assertThat(read).isInstanceOf(StatusResult.Unreadable.class);
    assertThat(((StatusResult.Unreadable) read).trouble()).isEqualTo(GatewayTrouble.GARBLED);
  }

  @Test
  void anUnknownRouteIsNotFound() throws Exception {
    assertThat(rawGet(URI.create(sandbox.baseUrl() + "/v1/videos"), "sandbox").statusCode())
        .isEqualTo(404);
    assertThat(rawGet(URI.create(sandbox.baseUrl() + SUBMIT), "sandbox").statusCode())
        .isEqualTo(404);
  }

  @Test
  void theMediaOfAJobStillRunningIsNotFound() throws Exception {
    String id = submitAccepted(gateway, "hello");

    assertThat(rawGet(URI.create(sandbox.baseUrl() + "/media/" + id + ".mp4"), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theMediaIsServedAsMp4WithItsLength() throws Exception {
    String id = submitAccepted(gateway, "hello");
    URI media = ((StatusResult.Completed) awaitFinal(gateway, id)).mediaUrl();

    HttpResponse<byte[]> served =
        http.send(HttpRequest.newBuilder(media).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).contains("video/mp4");
    assertThat(served.headers().firstValueAsLong("Content-Length"))
        .hasValue(sandbox.sampleClip().length);
    assertThat(served.body()).isEqualTo(sandbox.sampleClip());
  }

  @Test
  void theBundledClipIsASmallFastStartMp4WithVideoAndSound() {
    byte[] clip = sandbox.sampleClip();
    String text = new String(clip, StandardCharsets.ISO_8859_1);

    assertThat(clip.length).isBetween(10_000, 200 * 1024);
    assertThat(text.substring(4, 8)).isEqualTo("ftyp");
    assertThat(text.indexOf("moov")).isPositive().isLessThan(text.indexOf("mdat"));
    assertThat(text).contains("avc1").contains("mp4a");
  }

  @Test
  void aClosedSandboxRefusesConnections() {
    URI base = sandbox.baseUrl();
    sandbox.close();

    SubmitResult result = gateway.submit(new GatewaySubmission(VideoRequest.of("hello"), null));

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    assertThat(((SubmitResult.NotTaken) result).trouble()).isEqualTo(GatewayTrouble.UNREACHABLE);
    assertThat(base.getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void itCountsTheJobsItRunsAtOnceAndThePeak() {
    String first = submitAccepted(gateway, "runs at once 1");
    submitAccepted(gateway, "runs at once 2");
    submitAccepted(gateway, "runs at once 3");
    assertThat(sandbox.stats().concurrentJobs()).isEqualTo(3);
    assertThat(sandbox.stats().peakConcurrentJobs()).isEqualTo(3);

    // A job stops counting when it finishes, read or not.
    awaitFinal(gateway, first);
    await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.stats().concurrentJobs() == 0);
    submitAccepted(gateway, "runs alone");
    assertThat(sandbox.stats().concurrentJobs()).isEqualTo(1);
    assertThat(sandbox.stats().peakConcurrentJobs()).isEqualTo(3);
  }
}
