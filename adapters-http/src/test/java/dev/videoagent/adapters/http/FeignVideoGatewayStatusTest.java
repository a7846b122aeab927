package dev.videoagent.adapters.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class FeignVideoGatewayStatusTest {
  private static final String KEY = FeignVideoGatewaySubmitTest.KEY;
  private static final String ID = FeignVideoGatewaySubmitTest.REQUEST_ID;
  private static final String STATUS_PATH = "/v2/requests/status/" + ID;
  private static final String MEDIA = "https://cdn.example.test/videos/abc.mp4?sig=1";

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
    client =
        FeignVideoGateway.create(FeignVideoGatewaySubmitTest.config(URI.create(gateway.baseUrl())));
  }

  private static void answer(ResponseDefinitionBuilder response) {
    gateway.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(response));
  }

  private static void answerJson(String json) {
    answer(okJson(json));
  }

  @Test
  void readsFromTheDocumentedPathWithTheKey() {
    answerJson("{\"request_id\":\"" + ID + "\",\"status\":\"QUEUED\"}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.QUEUED));
    gateway.verify(
        1,
        getRequestedFor(urlEqualTo(STATUS_PATH))
            .withHeader("Ocp-Apim-Subscription-Key", equalTo(KEY)));
  }

  @Test
  void neverFollowsTheForeignPollingUrlTheSubmitHandedOut() {
    WireMockServer elsewhere = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    elsewhere.start();
    try {
      elsewhere.stubFor(get(anyUrl()).willReturn(okJson("{\"status\":\"COMPLETED\"}")));
      gateway.stubFor(
          post(urlEqualTo(FeignVideoGatewaySubmitTest.SUBMIT_PATH))
              .willReturn(
                  okJson(
                      "{\"request_id\":\""
                          + ID
                          + "\",\"status\":\"QUEUED\",\"polling_url\":\""
                          + elsewhere.baseUrl()
                          + STATUS_PATH
                          + "\"}")));
      answerJson("{\"status\":\"PROCESSING\"}");

      SubmitResult submitted = client.submit(new GatewaySubmission(VideoRequest.of("hello"), null));
      StatusResult status = client.readStatus(((SubmitResult.Accepted) submitted).requestId());

      assertThat(status).isEqualTo(new StatusResult.Running(JobStatus.PROCESSING));
      gateway.verify(1, getRequestedFor(urlEqualTo(STATUS_PATH)));
      assertThat(elsewhere.getAllServeEvents()).isEmpty();
    } finally {
      elsewhere.stop();
    }
  }

  @Test
  void encodesAnIdSoItCannotChangeThePath() {
    gateway.stubFor(
        get(urlEqualTo("/v2/requests/status/a%2F..%2Fb"))
            .willReturn(okJson("{\"status\":\"QUEUED\"}")));

    assertThat(client.readStatus("a/../b")).isEqualTo(new StatusResult.Running(JobStatus.QUEUED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"QUEUED", "queued", " Queued "})
  void queuedInAnyCase(String word) {
    answerJson("{\"status\":\"" + word + "\"}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.QUEUED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PROCESSING", "processing"})
  void processingInAnyCase(String word) {
    answerJson("{\"status\":\"" + word + "\"}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.PROCESSING));
  }

  @Test
  void anUnknownWordCountsAsProcessingAndIsLoggedOnce() {
    Logger logger = (Logger) LoggerFactory.getLogger(StatusReading.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      answerJson("{\"status\":\"RENDERING\"}");

      assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.PROCESSING));
      assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.PROCESSING));
      answerJson("{\"status\":\"UPLOADING\"}");
      assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.PROCESSING));

      assertThat(events.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .hasSize(2)
          .anySatisfy(m -> assertThat(m).contains("RENDERING"))
          .anySatisfy(m -> assertThat(m).contains("UPLOADING"));
    } finally {
      logger.detachAppender(events);
    }
  }

  @Test
  void completedGivesTheFirstMediaUrl() {
    answerJson(
        "{\"request_id\":\""
            + ID
            + "\",\"status\":\"COMPLETED\",\"output\":{\"media_url\":[\""
            + MEDIA
            + "\",\"https://cdn.example.test/other.mp4\"],\"duration\":31.5},\"cost\":2}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Completed(URI.create(MEDIA)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"COMPLETED\",\"output\":{\"url\":\"" + MEDIA + "\"}}",
        "{\"status\":\"COMPLETED\",\"output_url\":\"" + MEDIA + "\"}",
        "{\"status\":\"COMPLETED\",\"video_url\":\"" + MEDIA + "\"}",
        "{\"status\":\"completed\",\"output\":{\"media_url\":[]},\"video_url\":\"" + MEDIA + "\"}",
        "{\"status\":\"COMPLETED\",\"output\":{\"media_url\":[\"not a url\"]},\"output_url\":\""
            + MEDIA
            + "\"}"
      })
  void completedFallsBackToTheOtherKnownMediaFields(String json) {
    answerJson(json);

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Completed(URI.create(MEDIA)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"COMPLETED\"}",
        "{\"status\":\"COMPLETED\",\"output\":{\"media_url\":[\"file:///etc/passwd\"]}}",
        "{\"status\":\"COMPLETED\",\"output\":{\"media_url\":[\"/relative/video.mp4\"]}}"
      })
  void completedWithoutAUsableUrlIsGarbled(String json) {
    answerJson(json);

    StatusResult result = client.readStatus(ID);

    assertThat(result).isInstanceOf(StatusResult.Unreadable.class);
    assertThat(((StatusResult.Unreadable) result).trouble()).isEqualTo(GatewayTrouble.GARBLED);
  }

  @Test
  void failedCarriesTheErrorString() {
    answerJson("{\"status\":\"FAILED\",\"error\":\"Avatar could not be rendered\"}");

    assertThat(client.readStatus(ID))
        .isEqualTo(new StatusResult.Failed("Avatar could not be rendered"));
  }

  @Test
  void errorCarriesTheMessageOfAnErrorObject() {
    answerJson(
        "{\"status\":\"error\",\"error\":{\"code\":\"moderation\",\"message\":\"Prompt was"
            + " flagged\",\"trace\":\"x\"}}");

    assertThat(client.readStatus(ID))
        .isEqualTo(new StatusResult.Failed("moderation: Prompt was flagged"));
  }

  @Test
  void aKeyAcrossTheCutOfAFailureReasonLeavesNoPartOfIt() {
    String padding = "r".repeat(ErrorBodies.MAX_MESSAGE_CHARS - 15);
    answerJson(
        "{\"status\":\"FAILED\",\"error\":{\"code\":\"render\",\"message\":\""
            + padding
            + KEY
            + "\"}}");

    StatusResult.Failed failed = (StatusResult.Failed) client.readStatus(ID);

    // The code joins the message before the cut, so the key lies across it.
    assertThat(failed.reason()).isEqualTo("render: " + padding + "[redact…");
    assertThat(failed.reason()).doesNotContain(KEY.substring(0, 4));
  }

  @Test
  void anUnknownWordHoldingTheKeyIsLoggedWithoutIt() {
    Logger logger = (Logger) LoggerFactory.getLogger(StatusReading.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      answerJson("{\"status\":\"" + "W".repeat(60) + KEY + "\"}");

      assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.PROCESSING));

      assertThat(events.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("W".repeat(60))
          .doesNotContain(KEY.substring(0, 4).toUpperCase(java.util.Locale.ROOT));
    } finally {
      logger.detachAppender(events);
    }
  }

  @Test
  void failedWithoutAnErrorHasNoReason() {
    answerJson("{\"status\":\"FAILED\"}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Failed(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void aRefusedKeyThrows(int status) {
    answer(aResponse().withStatus(status).withBody("{\"statusCode\":" + status + "}"));

    assertThatThrownBy(() -> client.readStatus(ID))
        .isInstanceOf(GatewayAuthenticationException.class)
        .hasMessageContaining("PIXAZO_API_KEY")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void rateLimitedIsUnreadableWithRetryAfter() {
    answer(
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "12")
            .withBody("{\"statusCode\":429,\"message\":\"Rate limit is exceeded.\"}"));

    StatusResult result = client.readStatus(ID);

    assertThat(result)
        .isEqualTo(
            new StatusResult.Unreadable(
                GatewayTrouble.RATE_LIMITED,
                ((StatusResult.Unreadable) result).detail(),
                Duration.ofSeconds(12)));
  }

  @Test
  void unavailableIsUnreadable() {
    answer(aResponse().withStatus(503));

    assertThat(trouble(client.readStatus(ID))).isEqualTo(GatewayTrouble.UNAVAILABLE);
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 500, 502, 504})
  void serverErrorsAndUnknownIdsAreGarbled(int status) {
    answer(aResponse().withStatus(status).withBody("<html><body>Oops</body></html>"));

    assertThat(trouble(client.readStatus(ID))).isEqualTo(GatewayTrouble.GARBLED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"<html><body>Maintenance</body></html>", "{\"status\":\"PROC", "[1,2]"})
  void unreadableBodiesAreGarbled(String body) {
    answer(aResponse().withStatus(200).withBody(body));

    assertThat(trouble(client.readStatus(ID))).isEqualTo(GatewayTrouble.GARBLED);
  }

  @Test
  void anAnswerWithoutStatusIsGarbled() {
    answerJson("{\"request_id\":\"" + ID + "\"}");

    assertThat(trouble(client.readStatus(ID))).isEqualTo(GatewayTrouble.GARBLED);
  }

  @Test
  void aSlowAnswerIsGarbled() {
    answer(okJson("{\"status\":\"QUEUED\"}").withFixedDelay(2_000));

    assertThat(trouble(client.readStatus(ID))).isEqualTo(GatewayTrouble.GARBLED);
    gateway.verify(1, getRequestedFor(urlEqualTo(STATUS_PATH)));
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsGarbled() throws Exception {
    try (RawHttpServer stalling =
        RawHttpServer.answering(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 80",
            "{\"status\":\"COMPL".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5))) {
      FeignVideoGateway stalled =
          FeignVideoGateway.create(FeignVideoGatewaySubmitTest.config(stalling.baseUrl()));
      long started = System.nanoTime();

      assertThat(trouble(stalled.readStatus(ID))).isEqualTo(GatewayTrouble.GARBLED);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aRefusedConnectionIsUnreachable() {
    FeignVideoGateway nowhere =
        FeignVideoGateway.create(FeignVideoGatewaySubmitTest.config(Loopback.closedPort()));

    assertThat(trouble(nowhere.readStatus(ID))).isEqualTo(GatewayTrouble.UNREACHABLE);
  }

  @Test
  void aBlankIdIsABug() {
    assertThatThrownBy(() -> client.readStatus(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  private static GatewayTrouble trouble(StatusResult result) {
    assertThat(result).isInstanceOf(StatusResult.Unreadable.class);
    return ((StatusResult.Unreadable) result).trouble();
  }

  @ParameterizedTest
  @ValueSource(strings = {"queued", "Queued", "QUEUED", " queued "})
  void statusWordsAreReadInAnyLetterCase(String word) {
    answerJson("{\"request_id\":\"" + ID + "\",\"status\":\"" + word + "\"}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.QUEUED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CANCELLED", "CANCELED", "cancelled", "Canceled"})
  void theGatewaysCancelIsCanceledWhicheverWayItIsSpelt(String word) {
    answerJson(
        "{\"request_id\":\""
            + ID
            + "\",\"status\":\""
            + word
            + "\",\"error\":{\"message\":\"canceled by the operator\"}}");

    assertThat(client.readStatus(ID))
        .isEqualTo(new StatusResult.Canceled("canceled by the operator"));
  }

  @Test
  void aSingleMediaUrlStringIsReadLikeAList() {
    answerJson(
        "{\"request_id\":\""
            + ID
            + "\",\"status\":\"completed\",\"output\":{\"media_url\":\""
            + MEDIA
            + "\"}}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Completed(URI.create(MEDIA)));
  }

  @Test
  void unknownFieldsAnywhereAreIgnored() {
    answerJson(
        "{\"request_id\":\""
            + ID
            + "\",\"status\":\"COMPLETED\",\"credits_used\":3,\"meta\":{\"region\":\"eu\"},"
            + "\"output\":{\"media_url\":[\""
            + MEDIA
            + "\"],\"thumbnail\":\"https://cdn.example.test/t.jpg\",\"duration\":41.5}}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Completed(URI.create(MEDIA)));
  }

  @Test
  void anAnswerNamingAnotherRequestIsNotBelieved() {
    answerJson(
        "{\"request_id\":\"heygen-video-agent_someone-else\",\"status\":\"COMPLETED\","
            + "\"output\":{\"media_url\":[\""
            + MEDIA
            + "\"]}}");

    StatusResult result = client.readStatus(ID);

    assertThat(result).isInstanceOf(StatusResult.Unreadable.class);
    assertThat(((StatusResult.Unreadable) result).trouble()).isEqualTo(GatewayTrouble.GARBLED);
    assertThat(((StatusResult.Unreadable) result).detail()).contains("named another request");
  }

  @Test
  void anAnswerWithoutARequestIdIsStillRead() {
    answerJson("{\"status\":\"processing\"}");

    assertThat(client.readStatus(ID)).isEqualTo(new StatusResult.Running(JobStatus.PROCESSING));
  }
}
