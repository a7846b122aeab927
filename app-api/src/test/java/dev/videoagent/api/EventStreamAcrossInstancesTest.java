package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.api.EventStreamClient.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A second service instance on the same database streams a change the first one made. */
class EventStreamAcrossInstancesTest {

  @Test
  void anInstanceStreamsAChangeAnotherInstanceMade() throws Exception {
    try (TestService first = TestService.builder().completionDelay(Duration.ofMinutes(5)).start()) {
      String id = first.create(KEY_A, "A video two instances share").path("id").asText();
      first.awaitJob(KEY_A, id, job -> !job.path("status").asText().equals("pending"));

      TestService second = TestService.builder().home(first.home).start();
      try (EventStreamClient stream =
          EventStreamClient.open(
              second.http, second.uri("/v1/videos/" + id + "/events"), KEY_A, null)) {
        Event current = stream.next(Duration.ofSeconds(10));
        assertThat(current.type()).isIn("video.queued", "video.processing");

        assertThat(first.post("/v1/videos/" + id + "/cancel", KEY_A, "").statusCode())
            .isEqualTo(200);

        List<Event> rest = stream.untilEnd(Duration.ofSeconds(10));
        assertThat(rest).extracting(Event::type).endsWith("video.canceled");
        assertThat(Long.parseLong(rest.get(rest.size() - 1).id()))
            .isGreaterThan(Long.parseLong(current.id()));
      } finally {
        // The first instance owns the shared folder and removes it.
        second.service.close(Duration.ofSeconds(2));
      }
    }
  }
}
