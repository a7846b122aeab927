package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.persistence.Database;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * When the database stops answering: /health says so, and routes answer 503, not 500, a read of a
 * job whose answer is kept included.
 */
class DatabaseDownTest {

  @Test
  void healthIs503AndRoutesAreUnavailable() {
    try (TestService service = TestService.start()) {
      assertThat(service.get("/health", null).statusCode()).isEqualTo(200);
      String id = service.create(KEY_A, "A video read before the outage").path("id").asText();
      service.job(KEY_A, id);

      service.get(Database.class).close();

      HttpResponse<String> health = service.get("/health", null);
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode body = TestService.json(health);
      assertThat(body.path("status").asText()).isEqualTo("unavailable");
      assertThat(body.path("database").asText()).isEqualTo("unreachable");

      HttpResponse<String> list = service.get("/v1/videos", KEY_A);
      JsonNode problem = TestService.problem(list, 503);
      assertThat(problem.path("type").asText())
          .isEqualTo("urn:videoagent:problem:service-unavailable");
      assertThat(list.headers().firstValue("Retry-After")).isPresent();
      assertThat(list.body()).doesNotContain("Exception").doesNotContain("jdbc");

      // A job whose answer the service keeps is not answered from it: without the database its
      // version cannot be checked.
      TestService.problem(service.get("/v1/videos/" + id, KEY_A), 503);
    }
  }
}
