package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.api.EventStreamClient.Event;
import dev.videoagent.api.http.EventStreamLimits;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live event streams through a real HTTP client, as a browser page reads them. */
class EventStreamTest {
  private static final Duration LONG = Duration.ofSeconds(20);
  private static final List<String> ORDER =
      List.of("video.queued", "video.processing", "video.completed", "video.stored");

  private static TestService service;

  @BeforeAll
  static void start() {
    service =
        TestService.builder()
            .override(
                binder ->
                    binder
                        .bind(EventStreamLimits.class)
                        .toInstance(
                            new EventStreamLimits(
                                Duration.ofMillis(300), Duration.ofSeconds(2), 50, 40)))
            .start();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void aJobStreamSendsEveryChangeInOrderAndEndsOnceTheVideoIsStored() throws Exception {
    String id = service.create(KEY_A, "A video watched live").path("id").asText();
    try (EventStreamClient stream = open("/v1/videos/" + id + "/events", KEY_A, null)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.response().headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      List<Event> events = stream.untilEnd(LONG);

      List<String> types = events.stream().map(Event::type).toList();
      assertThat(types).endsWith("video.completed", "video.stored");
      assertThat(types).isSortedAccordingTo((a, b) -> ORDER.indexOf(a) - ORDER.indexOf(b));
      assertThat(types).doesNotHaveDuplicates();
      assertThat(events.stream().map(e -> Long.parseLong(e.id())).toList())
          .isSorted()
          .doesNotHaveDuplicates();
      for (Event event : events) {
        JsonNode document = TestService.JSON.readTree(event.data());
        assertThat(document.path("type").asText()).isEqualTo(event.type());
        assertThat(document.path("timestamp").asText()).isNotEmpty();
        assertThat(document.path("data").path("id").asText()).isEqualTo(id);
      }
      JsonNode last = TestService.JSON.readTree(events.get(events.size() - 1).data());
      assertThat(last.path("data").path("content").path("sha256").asText()).isNotEmpty();
      assertThat(stream.retries()).containsExactly("2000");
    }
  }

  @Test
  void aSettledJobShowsItsStateFirstAndAResumeSendsOnlyWhatCameAfter() throws Exception {
    String id = service.create(KEY_A, "A video already done").path("id").asText();
    service.awaitJob(KEY_A, id, TestService::stored);

    List<Event> current;
    try (EventStreamClient stream = open("/v1/videos/" + id + "/events", KEY_A, null)) {
      current = stream.untilEnd(LONG);
    }
    assertThat(current).extracting(Event::type).containsExactly("video.stored");
    JsonNode now = TestService.JSON.readTree(current.get(0).data()).path("data");
    assertThat(now).isEqualTo(service.job(KEY_A, id));

    // Every event of the job, from the tenant's feed resumed at the very start.
    List<Event> all = new ArrayList<>();
    try (EventStreamClient stream = open("/v1/events", KEY_A, "0")) {
      Event event;
      while ((event = stream.next(Duration.ofSeconds(2))) != null) {
        if (TestService.JSON.readTree(event.data()).path("data").path("id").asText().equals(id)) {
          all.add(event);
        }
      }
    }
    assertThat(all).extracting(Event::type).endsWith("video.completed", "video.stored");
    assertThat(all.get(all.size() - 1).id()).isEqualTo(current.get(0).id());

    Event first = all.get(0);
    try (EventStreamClient stream = open("/v1/videos/" + id + "/events", KEY_A, first.id())) {
      assertThat(stream.untilEnd(LONG)).isEqualTo(all.subList(1, all.size()));
    }
    try (EventStreamClient stream =
        open("/v1/videos/" + id + "/events", KEY_A, current.get(0).id())) {
      assertThat(stream.untilEnd(LONG)).isEmpty();
    }
  }

  @Test
  void aQuietStreamCarriesHeartbeats() throws Exception {
    try (EventStreamClient stream = open("/v1/events", KEY_B, null)) {
      assertThat(stream.status()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> stream.comments().stream().filter("keep-alive"::equals).count() >= 2);
      assertThat(stream.ended()).isFalse();
    }
  }

  @Test
  void eachTenantSeesOnlyItsOwnJobs() throws Exception {
    String id = service.create(KEY_A, "Tenant A's video, not B's").path("id").asText();

    HttpResponse<String> refused = service.get("/v1/videos/" + id + "/events", KEY_B);
    assertThat(TestService.problem(refused, 404).path("detail").asText()).contains(id);
    assertThat(TestService.problem(service.get("/v1/videos/vid_nope/events", KEY_A), 404))
        .isNotNull();
    assertThat(service.get("/v1/events", null).statusCode()).isEqualTo(401);

    try (EventStreamClient a = open("/v1/events", KEY_A, null);
        EventStreamClient b = open("/v1/events", KEY_B, null)) {
      String next = service.create(KEY_A, "Tenant A's second video").path("id").asText();
      service.awaitJob(KEY_A, next, TestService::stored);
      List<String> seenByA = new ArrayList<>();
      Event event;
      while ((event = a.next(Duration.ofSeconds(2))) != null) {
        seenByA.add(TestService.JSON.readTree(event.data()).path("data").path("id").asText());
      }
      assertThat(seenByA).contains(next);
      assertThat(b.next(Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void aMalformedLastEventIdIsABadRequest() {
    HttpResponse<String> response =
        service.send(service.request("/v1/events", KEY_A).header("Last-Event-ID", "abc").GET());
    assertThat(TestService.problem(response, 400).path("detail").asText())
        .contains("Last-Event-ID");
  }

  private static EventStreamClient open(String path, String key, String lastEventId)
      throws Exception {
    return EventStreamClient.open(service.http, service.uri(path), key, lastEventId);
  }
}
