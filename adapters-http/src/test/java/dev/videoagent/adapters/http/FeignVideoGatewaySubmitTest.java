package dev.videoagent.adapters.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.videoagent.core.Orientation;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.SubmitResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeignVideoGatewaySubmitTest {
  static final String KEY = "5f2b9c0d8e7a4b6c9d1e2f3a4b5c6d7e";
  static final String SUBMIT_PATH = "/heygen-video-agent/v1/heygen-video-agent-request";
  static final String REQUEST_ID = "heygen-video-agent_019d7a2c-5b1e-7f00-9c3a-1b2c3d4e5f60";

  private static WireMockServer gateway;
  private FeignVideoGateway client;

  @BeforeAll
  static void startGateway() {
    gateway = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    gateway.start();
  }

  @AfterAll
  static void stopGateway() {
    gateway.stop();
  }

  @BeforeEach
  void freshClient() {
    gateway.resetAll();
    client = FeignVideoGateway.create(config(URI.create(gateway.baseUrl())));
  }

  static PixazoGatewayConfig config(URI baseUrl) {
    return PixazoGatewayConfig.of(baseUrl, KEY)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofMillis(700));
  }

  private static GatewaySubmission submission(String prompt) {
    return new GatewaySubmission(VideoRequest.of(prompt), null);
  }

  private static void answer(ResponseDefinitionBuilder response) {
    gateway.stubFor(post(SUBMIT_PATH).willReturn(response));
  }

  @Test
  void sendsTheDocumentedRequestWithWebhookAndEveryField() {
    answer(okJson("{\"request_id\":\"" + REQUEST_ID + "\",\"status\":\"QUEUED\"}"));
    VideoRequest request =
        new VideoRequest(
            "A product demo",
            "Angela-inTshirt-20220820",
            "1bd001e7",
            Orientation.PORTRAIT,
            Map.of("k", "v"),
            null);

    SubmitResult result =
        client.submit(
            new GatewaySubmission(request, URI.create("https://example.test/hooks/job-1?token=t")));

    assertThat(result).isEqualTo(new SubmitResult.Accepted(REQUEST_ID));
    gateway.verify(
        1,
        postRequestedFor(urlEqualTo(SUBMIT_PATH))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Cache-Control", equalTo("no-cache"))
            .withHeader("Ocp-Apim-Subscription-Key", equalTo(KEY))
            .withHeader("X-Webhook-URL", equalTo("https://example.test/hooks/job-1?token=t"))
            .withRequestBody(
                equalToJson(
                    "{\"prompt\":\"A product demo\",\"avatar\":\"Angela-inTshirt-20220820\","
                        + "\"voice\":\"1bd001e7\",\"orientation\":\"portrait\"}")));
  }

  @Test
  void sendsOnlyWhatWasSetPlusTheAutoDefaults() {
    answer(okJson("{\"request_id\":\"" + REQUEST_ID + "\"}"));

    client.submit(submission("Explain our refund policy in 30 seconds"));

    gateway.verify(
        1,
        postRequestedFor(urlEqualTo(SUBMIT_PATH))
            .withoutHeader("X-Webhook-URL")
            .withRequestBody(
                equalToJson(
                    "{\"prompt\":\"Explain our refund policy in 30 seconds\","
                        + "\"avatar\":\"auto\",\"voice\":\"auto\"}")));
  }

  @Test
  void ignoresFieldsItDoesNotKnow() {
    answer(
        okJson(
            "{\"request_id\":\""
                + REQUEST_ID
                + "\",\"status\":\"QUEUED\",\"polling_url\":\"x\","
                + "\"credits\":{\"charged\":2},\"eta_seconds\":120}"));

    assertThat(client.submit(submission("hello"))).isEqualTo(new SubmitResult.Accepted(REQUEST_ID));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void aRefusedKeyIsAConfigurationErrorNamingTheVariableButNotTheKey(int status) {
    answer(
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"statusCode\":"
                    + status
                    + ",\"message\":\"Access denied due to invalid subscription key "
                    + KEY
                    + ".\"}"));

    assertThatThrownBy(() -> client.submit(submission("hello")))
        .isInstanceOf(GatewayAuthenticationException.class)
        .hasMessage(
            "The gateway refused the subscription key (HTTP " + status + "): check PIXAZO_API_KEY.")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void rateLimitedIsNotTakenWithRetryAfterInSeconds() {
    answer(
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "5")
            .withBody(
                "{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in 5 seconds.\"}"));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    SubmitResult.NotTaken notTaken = (SubmitResult.NotTaken) result;
    assertThat(notTaken.trouble()).isEqualTo(GatewayTrouble.RATE_LIMITED);
    assertThat(notTaken.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(notTaken.detail()).contains("Rate limit is exceeded");
  }

  @Test
  void rateLimitedHonoursAnHttpDateRetryAfter() {
    Instant now = Instant.parse("2025-06-01T12:00:00Z");
    FeignVideoGateway clocked =
        FeignVideoGateway.create(
            config(URI.create(gateway.baseUrl())), Clock.fixed(now, ZoneOffset.UTC));
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(90).atOffset(ZoneOffset.UTC));
    answer(aResponse().withStatus(429).withHeader("Retry-After", date));

    SubmitResult result = clocked.submit(submission("hello"));

    assertThat(result)
        .isEqualTo(
            new SubmitResult.NotTaken(
                GatewayTrouble.RATE_LIMITED,
                ((SubmitResult.NotTaken) result).detail(),
                Duration.ofSeconds(90)));
  }

  @Test
  void unavailableIsNotTaken() {
    answer(aResponse().withStatus(503).withHeader("Retry-After", "3"));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    assertThat(((SubmitResult.NotTaken) result).trouble()).isEqualTo(GatewayTrouble.UNAVAILABLE);
    assertThat(((SubmitResult.NotTaken) result).retryAfterIfGiven())
        .contains(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 413, 418, 422})
  void otherClientErrorsAreRejectionsCarryingTheGatewaysMessage(int status) {
    answer(
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"statusCode\":" + status + ",\"message\":\"prompt is too vague\"}"));

    assertThat(client.submit(submission("hello")))
        .isEqualTo(new SubmitResult.Rejected(status, "prompt is too vague"));
  }

  @Test
  void aRejectionWithoutAMessageStillSaysWhatHappened() {
    answer(aResponse().withStatus(422).withBody("<html><body>Unprocessable</body></html>"));

    assertThat(client.submit(submission("hello")))
        .isEqualTo(new SubmitResult.Rejected(422, "The gateway refused the request (HTTP 422)."));
  }

  @Test
  void aRejectionWithAnErrorObjectReadsItsMessage() {
    answer(
        aResponse()
            .withStatus(400)
            .withBody("{\"error\":{\"code\":\"invalid_prompt\",\"message\":\"prompt is empty\"}}"));

    assertThat(client.submit(submission("hello")))
        .isEqualTo(new SubmitResult.Rejected(400, "invalid_prompt: prompt is empty"));
  }

  @Test
  void theKeyIsScrubbedFromMessagesTheGatewayEchoes() {
    answer(
        aResponse().withStatus(400).withBody("{\"message\":\"bad request for key " + KEY + "\"}"));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(((SubmitResult.Rejected) result).message())
        .isEqualTo("bad request for key [redacted]");
  }

  @Test
  void aKeyAcrossTheFiveHundredCharacterCutLeavesNoPartOfItInTheMessage() {
    String padding = "p".repeat(ErrorBodies.MAX_MESSAGE_CHARS - 10);
    answer(
        aResponse()
            .withStatus(400)
            .withBody("{\"message\":\"" + padding + KEY + " is not valid here\"}"));

    String message = ((SubmitResult.Rejected) client.submit(submission("hello"))).message();

    assertThat(message).isEqualTo(padding + "[redacted]…");
    assertThat(message).doesNotContain(KEY.substring(0, 8));
  }

  @Test
  void aKeyAcrossTheCutOfAPlainTextBodyLeavesNoPartOfItEither() {
    String padding = "q".repeat(ErrorBodies.MAX_MESSAGE_CHARS - 3);
    answer(aResponse().withStatus(503).withBody(padding + KEY + "\nsecond line"));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(((SubmitResult.NotTaken) result).detail())
        .contains(padding + "[re")
        .doesNotContain(KEY.substring(0, 3));
  }

  @Test
  void theMessageOfALongErrorBodyIsFoundWhereverItIs() {
    // Past the first 16 KiB, where only the start of the body used to be read.
    String padding = "z".repeat(20_000);
    answer(
        aResponse()
            .withStatus(422)
            .withBody("{\"trace\":\"" + padding + "\",\"message\":\"prompt too vague\"}"));

    assertThat(client.submit(submission("hello")))
        .isEqualTo(new SubmitResult.Rejected(422, "prompt too vague"));
  }

  @Test
  void aGarbledAnswerQuotingPartOfTheKeyLeavesNoPartInTheDetail() {
    // The JSON parser quotes at most 256 characters of a bad token: the key is cut inside it.
    answer(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("a".repeat(240) + KEY + "b".repeat(100)));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    String detail = ((SubmitResult.Ambiguous) result).detail();
    assertThat(detail).contains("[redacted]");
    for (int i = 0; i + Redactor.MIN_FRAGMENT <= KEY.length(); i++) {
      assertThat(detail).doesNotContain(KEY.substring(i, i + Redactor.MIN_FRAGMENT));
    }
  }

  @Test
  void outOfCreditsIsNotTakenAndSaysSo() {
    answer(
        aResponse()
            .withStatus(402)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"statusCode\":402,\"message\":\"Insufficient credits.\"}"));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    SubmitResult.NotTaken notTaken = (SubmitResult.NotTaken) result;
    assertThat(notTaken.trouble()).isEqualTo(GatewayTrouble.OUT_OF_CREDIT);
    assertThat(notTaken.detail()).isEqualTo("Insufficient credits.");
    gateway.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504, 507})
  void serverErrorsAreAmbiguousAndNeverRetried(int status) {
    answer(aResponse().withStatus(status).withBody("{\"message\":\"upstream trouble\"}"));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    assertThat(((SubmitResult.Ambiguous) result).detail())
        .contains("HTTP " + status)
        .contains("upstream trouble");
    gateway.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
  }

  @Test
  void aRedirectIsNotFollowedAndIsAmbiguous() {
    WireMockServer elsewhere = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    elsewhere.start();
    try {
      elsewhere.stubFor(post(anyUrl()).willReturn(okJson("{\"request_id\":\"stolen\"}")));
      answer(aResponse().withStatus(307).withHeader("Location", elsewhere.baseUrl() + SUBMIT_PATH));

      SubmitResult result = client.submit(submission("hello"));

      assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
      assertThat(elsewhere.getAllServeEvents()).isEmpty();
    } finally {
      elsewhere.stop();
    }
  }

  @Test
  void anAnswerWithoutRequestIdIsAmbiguous() {
    answer(okJson("{\"status\":\"QUEUED\"}"));

    assertThat(client.submit(submission("hello"))).isInstanceOf(SubmitResult.Ambiguous.class);
  }

  @Test
  void anEmptyAnswerIsAmbiguous() {
    answer(aResponse().withStatus(200));

    assertThat(client.submit(submission("hello"))).isInstanceOf(SubmitResult.Ambiguous.class);
  }

  @Test
  void aGarbledAnswerIsAmbiguous() {
    answer(okJson("{\"request_id\": \"heygen-video-agent_01"));

    assertThat(client.submit(submission("hello"))).isInstanceOf(SubmitResult.Ambiguous.class);
  }

  @Test
  void anHtmlPageWithStatus200IsAmbiguous() {
    answer(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><body>Welcome</body></html>"));

    assertThat(client.submit(submission("hello"))).isInstanceOf(SubmitResult.Ambiguous.class);
  }

  @Test
  void aSlowAnswerAfterTheBodyWasSentIsAmbiguousAndNotRetried() {
    answer(okJson("{\"request_id\":\"" + REQUEST_ID + "\"}").withFixedDelay(2_000));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    assertThat(((SubmitResult.Ambiguous) result).detail()).contains("did not answer");
    gateway.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsAmbiguous() throws Exception {
    try (RawHttpServer stalling =
        RawHttpServer.answering(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 120",
            "{\"request_id\":\"heygen-".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5))) {
      FeignVideoGateway stalled = FeignVideoGateway.create(config(stalling.baseUrl()));
      long started = System.nanoTime();

      SubmitResult result = stalled.submit(submission("hello"));

      assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(stalling.requests()).isEqualTo(1);
    }
  }

  @Test
  void aConnectionResetAfterSendingIsAmbiguousAndNotRetried() {
    answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    SubmitResult result = client.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    gateway.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
  }

  @Test
  void anEmptyReplyIsAmbiguousAndNotRetried() {
    answer(aResponse().withFault(Fault.EMPTY_RESPONSE));

    assertThat(client.submit(submission("hello"))).isInstanceOf(SubmitResult.Ambiguous.class);
    gateway.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
  }

  @Test
  void aRefusedConnectionIsNotTaken() {
    FeignVideoGateway nowhere = FeignVideoGateway.create(config(Loopback.closedPort()));

    SubmitResult result = nowhere.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    SubmitResult.NotTaken notTaken = (SubmitResult.NotTaken) result;
    assertThat(notTaken.trouble()).isEqualTo(GatewayTrouble.UNREACHABLE);
    assertThat(notTaken.detail()).doesNotContain(KEY).contains("127.0.0.1");
  }

  @Test
  void anUnknownHostIsNotTaken() {
    FeignVideoGateway nowhere =
        FeignVideoGateway.create(config(URI.create("http://videoagent-gateway.invalid")));

    SubmitResult result = nowhere.submit(submission("hello"));

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    assertThat(((SubmitResult.NotTaken) result).trouble()).isEqualTo(GatewayTrouble.UNREACHABLE);
  }
}
