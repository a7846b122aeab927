package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.videoagent.api.EventStreamClient.Event;
import dev.videoagent.api.http.EventRoutes;
import dev.videoagent.api.http.EventStreamLimits;
import dev.videoagent.api.http.JettySetup;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Open event streams hold no request thread: more streams than the server has threads leave every
 * other route answering at once, and each stream still hears of every change. Beyond the caps a new
 * stream is refused with a clear answer.
 */
class EventStreamCapacityTest {
  private static final int STREAMS = 300;

  @Test
  void moreOpenStreamsThanServerThreadsLeaveTheServiceResponsive() throws Exception {
    assertThat(STREAMS).isGreaterThan(JettySetup.MAX_THREADS);
    try (TestService service = withLimits(Duration.ofSeconds(15), 400, 400)) {
      HttpClient streamsClient =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<EventStreamClient>> opening = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        opening.add(EventStreamClient.openAsync(streamsClient, service.uri("/v1/events"), KEY_A));
      }
      List<EventStreamClient> streams = new ArrayList<>();
      try {
        for (CompletableFuture<EventStreamClient> open : opening) {
          EventStreamClient stream = open.get(60, TimeUnit.SECONDS);
          streams.add(stream);
          assertThat(stream.status()).isEqualTo(200);
        }
        assertThat(service.get(EventRoutes.class).openStreams()).isEqualTo(STREAMS);

        long started = System.nanoTime();
        assertThat(service.get("/health", null).statusCode()).isEqualTo(200);
        String id =
            service.create(KEY_A, "A video three hundred streams watch").path("id").asText();
        assertThat(service.get("/v1/videos/" + id, KEY_A).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

        service.awaitJob(KEY_A, id, TestService::stored);
        for (EventStreamClient stream : streams) {
          assertThat(typesOf(stream, id)).endsWith("video.completed", "video.stored");
        }
      } finally {
        streams.forEach(EventStreamClient::close);
      }
    }
  }

  @Test
  void streamsBeyondTheCapsAreRefusedUntilOneCloses() throws Exception {
    try (TestService service = withLimits(Duration.ofMillis(200), 3, 2)) {
      try (EventStreamClient a1 = open(service, KEY_A);
          EventStreamClient a2 = open(service, KEY_A)) {
        assertThat(a1.status()).isEqualTo(200);
        assertThat(a2.status()).isEqualTo(200);
        HttpResponse<String> third = service.get("/v1/events", KEY_A);
        assertThat(TestService.problem(third, 429).path("detail").asText()).contains("2");
        assertThat(third.headers().firstValue("Retry-After")).isPresent();

        try (EventStreamClient b1 = open(service, KEY_B)) {
          assertThat(b1.status()).isEqualTo(200);
          HttpResponse<String> fourth = service.get("/v1/events", KEY_B);
          assertThat(TestService.problem(fourth, 503).path("detail").asText()).contains("3");
        }
        a1.close();
        // The server notices the closed stream at its next heartbeat and frees the slot.
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> service.get(EventRoutes.class).openStreams() == 1);
        try (EventStreamClient again = open(service, KEY_A)) {
          assertThat(again.status()).isEqualTo(200);
        }
      }
    }
  }

  private static List<String> typesOf(EventStreamClient stream, String id) throws Exception {
    List<String> types = new ArrayList<>();
    Event event;
    while ((event = stream.next(Duration.ofSeconds(1))) != null) {
      if (TestService.JSON.readTree(event.data()).path("data").path("id").asText().equals(id)) {
        types.add(event.type());
      }
      if (event.type().equals("video.stored")) {
        break;
      }
    }
    return types;
  }

  private static EventStreamClient open(TestService service, String key) throws Exception {
    return EventStreamClient.open(service.http, service.uri("/v1/events"), key, null);
  }

  private static TestService withLimits(Duration heartbeat, int total, int perTenant) {
    EventStreamLimits limits =
        new EventStreamLimits(heartbeat, Duration.ofSeconds(3), total, perTenant);
    return TestService.builder()
        .override(binder -> binder.bind(EventStreamLimits.class).toInstance(limits))
        .start();
  }
}
