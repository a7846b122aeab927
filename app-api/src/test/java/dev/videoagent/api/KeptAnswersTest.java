package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/videos/{id}} answers from a kept answer only while the job's stored version is the
 * one it was written from: a change made anywhere, by this instance or another on the database,
 * shows in the very next read, and a kept answer is no one else's to see.
 */
class KeptAnswersTest {

  @Test
  void aReadAfterAChangeByAnotherInstanceShowsTheChangeAtOnce() throws Exception {
    try (TestService first = TestService.builder().completionDelay(Duration.ofMinutes(5)).start()) {
      String id = first.create(KEY_A, "A video two instances read").path("id").asText();
      first.awaitJob(KEY_A, id, job -> !job.path("status").asText().equals("pending"));

      TestService second = TestService.builder().home(first.home).start();
      try {
        JsonNode before = second.job(KEY_A, id);
        assertThat(before.path("status").asText()).isIn("queued", "processing");
        // Read again: the answer kept by the first read, or a newer one if the tracker wrote.
        assertThat(second.job(KEY_A, id).path("id").asText()).isEqualTo(id);

        HttpResponse<String> canceled = first.post("/v1/videos/" + id + "/cancel", KEY_A, "");
        assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);

        // No wait: the next read by the other instance already sees it.
        JsonNode after = second.job(KEY_A, id);
        assertThat(after.path("status").asText()).isEqualTo("canceled");
        assertThat(after.path("canceled_by").asText()).isEqualTo("user");
        assertThat(after).isEqualTo(TestService.json(canceled));
        assertThat(second.job(KEY_A, id)).isEqualTo(after);
      } finally {
        // The first instance owns the shared folder and removes it.
        second.service.close(Duration.ofSeconds(2));
      }
    }
  }

  @Test
  void aKeptAnswerIsNotShownToAnotherTenant() {
    try (TestService service = TestService.start()) {
      String id = service.create(KEY_A, "Only acme's video").path("id").asText();
      service.job(KEY_A, id);
      service.job(KEY_A, id);

      TestService.problem(service.get("/v1/videos/" + id, KEY_B), 404);
      HttpResponse<String> head =
          service.send(
              service
                  .request("/v1/videos/" + id, KEY_B)
                  .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).isEqualTo(404);
      assertThat(service.job(KEY_A, id).path("id").asText()).isEqualTo(id);
    }
  }

  @Test
  void manyJobsReadOverAndOverWhileTheyRunNeverGoBackAndEndAsStored() {
    try (TestService service = TestService.start()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        ids.add(service.create(KEY_A, "Video number " + i).path("id").asText());
      }
      // Read while the tracker moves them along: each answer is of its own job, and no read shows
      // an older write of a job than the read before it did.
      Map<String, Instant> lastSeen = new HashMap<>();
      for (int round = 0; round < 5; round++) {
        for (String id : ids) {
          JsonNode job = service.job(KEY_A, id);
          assertThat(job.path("id").asText()).isEqualTo(id);
          Instant updated = Instant.parse(job.path("updated_at").asText());
          assertThat(updated).isAfterOrEqualTo(lastSeen.getOrDefault(id, Instant.EPOCH));
          lastSeen.put(id, updated);
        }
      }
      for (String id : ids.subList(0, 3)) {
        JsonNode settled = service.awaitJob(KEY_A, id, TestService::stored);
        assertThat(service.job(KEY_A, id)).isEqualTo(settled);
      }
    }
  }
}
