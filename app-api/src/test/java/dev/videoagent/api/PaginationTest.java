package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static dev.videoagent.api.TestService.TENANT_A;
import static dev.videoagent.api.TestService.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CreateJob;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cursor paging over a few hundred jobs: every job once, newest first, no gaps, no repeats. */
class PaginationTest {
  private static final int JOBS = 320;
  private static TestService service;
  private static final List<String> ofTenantA = new ArrayList<>();
  private static final List<String> ofTenantB = new ArrayList<>();
  private static final List<String> canceled = new ArrayList<>();

  @BeforeAll
  static void manyJobs() {
    // The gateway is down: the jobs stay pending instead of racing through the sandbox meanwhile.
    service = TestService.builder().faults(SandboxFaults.none().withDown(true)).start();
    CreateJob createJob = service.get(CreateJob.class);
    for (int i = 0; i < JOBS; i++) {
      ofTenantA.add(createJob.create(TENANT_A, VideoRequest.of("Job " + i), null).job().id());
      if (i % 10 == 0) {
        ofTenantB.add(
            createJob
                .create(TENANT_B, VideoRequest.of("Other tenant's job " + i), null)
                .job()
                .id());
      }
    }
    CancelJob cancelJob = service.get(CancelJob.class);
    for (int i = 0; i < JOBS; i += 9) {
      cancelJob.cancel(Access.tenant(TENANT_A), ofTenantA.get(i));
      canceled.add(ofTenantA.get(i));
    }
    ofTenantA.sort(Comparator.reverseOrder());
    ofTenantB.sort(Comparator.reverseOrder());
    canceled.sort(Comparator.reverseOrder());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void pagesCoverEveryJobOnceNewestFirst() {
    for (int limit : new int[] {1, 37, 100}) {
      List<String> seen = walk("limit=" + limit, limit);
      assertThat(seen).as("limit " + limit).isEqualTo(ofTenantA);
    }
  }

  @Test
  void theDefaultPageHasTwentyJobs() {
    JsonNode page = TestService.json(service.get("/v1/videos", KEY_A));
    assertThat(page.path("data")).hasSize(20);
    assertThat(page.path("next_cursor").isTextual()).isTrue();
    assertThat(page.path("data").get(0).path("id").asText()).isEqualTo(ofTenantA.get(0));
  }

  @Test
  void newJobsDuringPagingDoNotShiftLaterPages() {
    // Tenant B's jobs, so the other tests' view of tenant A stays fixed.
    JsonNode first = TestService.json(service.get("/v1/videos?limit=10", KEY_B));
    List<String> seen = new ArrayList<>();
    first.path("data").forEach(j -> seen.add(j.path("id").asText()));
    // Newer jobs arrive at the top, before the cursor: later pages are not disturbed.
    String newer = service.create(KEY_B, "Arrived while paging").path("id").asText();
    seen.addAll(walk("limit=10&cursor=" + first.path("next_cursor").asText(), 10, KEY_B));
    assertThat(seen).doesNotContain(newer).isEqualTo(ofTenantB);
  }

  @Test
  void aStatusFilterPagesThroughOnlyThatStatus() {
    assertThat(walk("status=canceled&limit=7", 7)).isEqualTo(canceled);
  }

  /** Follows next_cursor from the first page to the last, checking each page's size. */
  private static List<String> walk(String query, int limit) {
    return walk(query, limit, KEY_A);
  }

  private static List<String> walk(String query, int limit, String key) {
    List<String> ids = new ArrayList<>();
    Set<String> unique = new HashSet<>();
    String next = query;
    while (next != null) {
      HttpResponse<String> response = service.get("/v1/videos?" + next, key);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = TestService.json(response);
      assertThat(page.path("data").size()).isLessThanOrEqualTo(limit);
      page.path("data")
          .forEach(
              j -> {
                assertThat(unique.add(j.path("id").asText())).as("repeated").isTrue();
                ids.add(j.path("id").asText());
              });
      JsonNode cursor = page.path("next_cursor");
      if (cursor.isNull()) {
        next = null;
      } else {
        assertThat(page.path("data").size()).isEqualTo(limit);
        next = query.replaceAll("&?cursor=[^&]*", "") + "&cursor=" + cursor.asText();
      }
    }
    return ids;
  }
}
