package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.api.http.JettySetup;
import dev.videoagent.api.http.RequestBodies;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a body slowly, or not at all, cost the service a bounded number of threads for
 * a bounded time; a caller the gateway callback refuses costs it nothing.
 */
class SlowBodiesTest {
  /** Bodies are cut off quickly: 2 s at most, 1 s of silence, 1 KiB/s after half a second. */
  private static TestService strict;

  /** Two body slots, held for long: to see what the others get while they are taken. */
  private static TestService twoSlots;

  @BeforeAll
  static void start() {
    strict =
        TestService.builder()
            .override(
                limits(
                    new RequestBodies.Limits(
                        4,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        1024,
                        Duration.ofMillis(500))))
            .start();
    twoSlots =
        TestService.builder()
            .override(
                limits(
                    new RequestBodies.Limits(
                        2,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(60),
                        1,
                        Duration.ofSeconds(60))))
            .start();
  }

  @AfterAll
  static void stop() {
    strict.close();
    twoSlots.close();
  }

  @Test
  void aCreateBodyThatTricklesIsCutOffWith408AndTheConnectionClosed() {
    try (RawHttp http = new RawHttp(strict.service.port())) {
      http.head(
              "POST /v1/videos HTTP/1.1",
              "Authorization: Bearer " + KEY_A,
              "Content-Type: application/json",
              "Content-Length: 60000")
          .trickle(Duration.ofMillis(200));

      // At 5 bytes a second the body would take more than three hours.
      RawHttp.Answer answer = http.answer();
      assertThat(answer.status()).as(answer.body()).isEqualTo(408);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.header("Connection")).isEqualTo("close");
      JsonNode problem = json(answer);
      assertThat(problem.path("type").asText()).isEqualTo("urn:videoagent:problem:request-timeout");
      assertThat(problem.path("status").asInt()).isEqualTo(408);
      assertThat(problem.path("detail").asText()).contains("too slowly");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aCreateBodyThatNeverComesIsCutOffWith408() {
    try (RawHttp http = new RawHttp(strict.service.port())) {
      http.head(
          "POST /v1/videos HTTP/1.1",
          "Authorization: Bearer " + KEY_A,
          "Content-Type: application/json",
          "Content-Length: 100");
      http.send("{\"prompt\": ");

      RawHttp.Answer answer = http.answer();
      assertThat(answer.status()).as(answer.body()).isEqualTo(408);
      assertThat(json(answer).path("status").asInt()).isEqualTo(408);
      assertThat(http.closedByServer()).isTrue();
    }
    // The slot is given back: a normal create still works.
    strict.create(KEY_A, "After a silent body");
  }

  @Test
  void aRefusedGatewayCallbackIsAnsweredWithoutReadingItsBody() {
    String realId = strict.create(KEY_A, "A job with a callback token").path("id").asText();
    for (String id : new String[] {realId, "vid_00000000000000000000000000"}) {
      try (RawHttp http = new RawHttp(strict.service.port())) {
        // The headers promise 60,000 bytes; not one is sent.
        http.head(
            "POST /v1/gateway-callbacks/" + id + "?token=wrong HTTP/1.1",
            "Content-Type: application/json",
            "Content-Length: 60000");

        RawHttp.Answer answer = http.answer();
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.header("Connection")).isEqualTo("close");
        assertThat(json(answer).path("type").asText())
            .isEqualTo("urn:videoagent:problem:not-found");
        assertThat(http.closedByServer()).as(id).isTrue();
      }
    }
  }

  @Test
  void whenEveryBodySlotIsTakenACreateIs503AtOnceAndRequestsWithoutABodyStillAnswer() {
    String id = twoSlots.create(KEY_A, "Readable while the slots are taken").path("id").asText();
    List<RawHttp> holders = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        holders.add(
            new RawHttp(twoSlots.service.port())
                .head(
                    "POST /v1/videos HTTP/1.1",
                    "Authorization: Bearer " + KEY_A,
                    "Content-Length: 60000"));
      }
      HttpResponse<String>[] refused = new HttpResponse[1];
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                refused[0] = twoSlots.post("/v1/videos", KEY_A, "{\"prompt\": \"One too many\"}");
                return refused[0].statusCode() == 503;
              });
      JsonNode problem = TestService.problem(refused[0], 503);
      assertThat(problem.path("type").asText())
          .isEqualTo("urn:videoagent:problem:service-unavailable");
      assertThat(refused[0].headers().firstValue("Retry-After")).contains("1");

      assertThat(twoSlots.get("/health", null).statusCode()).isEqualTo(200);
      assertThat(twoSlots.job(KEY_A, id).path("id").asText()).isEqualTo(id);
      assertThat(twoSlots.get("/v1/videos", KEY_A).statusCode()).isEqualTo(200);
      // A command without a body needs no slot either.
      HttpResponse<String> cancel =
          twoSlots.send(
              twoSlots
                  .request("/v1/videos/" + id + "/cancel", KEY_A)
                  .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
      assertThat(cancel.statusCode()).as(cancel.body()).isIn(200, 409);
    } finally {
      holders.forEach(RawHttp::close);
    }
    // Closing the slow connections gives their slots back.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                twoSlots.post("/v1/videos", KEY_A, "{\"prompt\": \"Room again\"}").statusCode()
                    == 201);
  }

  @Test
  void theServerRunsOnItsOwnNamedBoundedThreadPool() {
    strict.get("/health", null);
    long named =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(JettySetup.THREAD_NAME + "-"))
            .count();
    assertThat(named).isPositive();
  }

  private static JsonNode json(RawHttp.Answer answer) {
    try {
      return TestService.JSON.readTree(answer.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Module limits(RequestBodies.Limits limits) {
    return new AbstractModule() {
      @Provides
      @Singleton
      RequestBodies.Limits limits() {
        return limits;
      }
    };
  }
}
