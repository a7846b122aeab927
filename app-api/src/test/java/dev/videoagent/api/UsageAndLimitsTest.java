package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxStats;
import dev.videoagent.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Daily limits and the usage report through a real HTTP client. */
class UsageAndLimitsTest {
  private static final String BODY = TestService.json(Map.of("prompt", "a short clip"));

  @Test
  void theCreateBeyondEachDailyLimitIsA429NamingTheLimitAndTheNextUtcDayTakesCreatesAgain() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T23:00:00Z"));
    try (TestService api =
        TestService.builder()
            .env("VIDEOAGENT_TENANT_DAILY_LIMIT", "2")
            .env("VIDEOAGENT_DAILY_LIMIT", "3")
            .tune(b -> b.clock(clock))
            .start()) {
      api.create(KEY_A, "one");
      api.create(KEY_A, "two");

      HttpResponse<String> tenantRefused = api.post("/v1/videos", KEY_A, BODY);
      JsonNode problem = TestService.problem(tenantRefused, 429);
      assertThat(problem.get("type").asText())
          .isEqualTo("urn:videoagent:problem:daily-limit-reached");
      assertThat(problem.get("detail").asText())
          .isEqualTo(
              "Tenant acme has reached its daily limit of 2 submissions; no new job or retry is"
                  + " taken until the limit resets at 2026-11-27T00:00:00Z (00:00 UTC).");
      assertThat(tenantRefused.headers().firstValue("Retry-After")).contains("3600");

      api.create(KEY_B, "three");
      JsonNode deployment = TestService.problem(api.post("/v1/videos", KEY_B, BODY), 429);
      assertThat(deployment.get("detail").asText())
          .startsWith("This deployment has reached its daily limit of 3 submissions");

      clock.advance(Duration.ofHours(1));
      api.create(KEY_A, "four");
      JsonNode usage = TestService.json(api.get("/v1/usage?from=2026-11-26&to=2026-11-27", KEY_A));
      assertThat(usage.get("days").get(0).get("created").asLong()).isEqualTo(2);
      assertThat(usage.get("days").get(1).get("created").asLong()).isEqualTo(1);
    }
  }

  @Test
  void twoServicesOnOneDatabaseShareTheCount() throws Exception {
    Path home = Files.createTempDirectory("videoagent-limits");
    try (TestService first =
            TestService.builder().home(home).env("VIDEOAGENT_TENANT_DAILY_LIMIT", "3").start();
        TestService second =
            TestService.builder().home(home).env("VIDEOAGENT_TENANT_DAILY_LIMIT", "3").start()) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        TestService api = i % 2 == 0 ? first : second;
        statuses.add(api.post("/v1/videos", KEY_A, BODY).statusCode());
      }
      assertThat(statuses).containsExactly(201, 201, 201, 429, 429, 429, 429, 429);
    } finally {
      TestService.deleteQuietly(home);
    }
  }

  @Test
  void theUsageFiguresAreTheSandboxsOwnCountsInARunWithRetriesAndFailures() {
    try (TestService api =
        TestService.builder()
            .faults(
                SandboxFaults.none()
                    .withRateLimit(0.3, 0)
                    .withUnavailableRate(0.1)
                    .withAmbiguousRate(0.3)
                    .withSeed(7))
            .start()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add(api.create(KEY_A, "clip " + i).get("id").asText());
      }
      List<String> failed = settle(api, ids);
      for (String id : failed) {
        assertThat(api.post("/v1/videos/" + id + "/retry", KEY_A, "").statusCode()).isEqualTo(200);
      }
      settle(api, ids);
      long completed =
          ids.stream()
              .filter(id -> api.job(KEY_A, id).get("status").asText().equals("completed"))
              .count();

      JsonNode totals = TestService.json(api.get("/v1/usage", KEY_A)).get("totals");
      SandboxStats stats = api.sandbox().stats();
      assertThat(stats.submitCalls(SandboxStats.SubmitOutcome.ACCEPTED_BUT_ANSWERED_500))
          .isPositive();
      assertThat(stats.submitCalls(SandboxStats.SubmitOutcome.RATE_LIMITED)).isPositive();
      assertThat(totals.get("submitted").asLong()).isEqualTo(stats.acceptedSubmissions());
      assertThat(totals.get("accepted").asLong())
          .isEqualTo(stats.submitCalls(SandboxStats.SubmitOutcome.ACCEPTED));
      assertThat(totals.get("failed_by_code").path("submission_unknown").asLong())
          .isEqualTo(stats.submitCalls(SandboxStats.SubmitOutcome.ACCEPTED_BUT_ANSWERED_500));
      assertThat(totals.get("retries").asLong()).isEqualTo(failed.size());
      assertThat(totals.get("created").asLong()).isEqualTo(12);
      assertThat(totals.get("completed").asLong()).isEqualTo(completed);
      JsonNode days = TestService.json(api.get("/v1/usage", KEY_A)).get("days");
      assertThat(days).hasSize(30);
      assertThat(days.get(29).get("date").asText())
          .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
      assertThat(
              TestService.json(api.get("/v1/usage", KEY_B)).get("totals").get("created").asLong())
          .isZero();
    }
  }

  @Test
  void badDatesAndRangesAre400sNamingTheField() {
    try (TestService api = TestService.start()) {
      assertThat(
              TestService.fields(
                  TestService.problem(api.get("/v1/usage?from=yesterday", KEY_A), 400)))
          .containsExactly("from");
      assertThat(
              TestService.fields(
                  TestService.problem(api.get("/v1/usage?to=2026-13-01", KEY_A), 400)))
          .containsExactly("to");
      assertThat(
              TestService.fields(
                  TestService.problem(
                      api.get("/v1/usage?from=2024-01-01&to=2026-01-01", KEY_A), 400)))
          .containsExactly("from");
    }
  }

  /** Waits until every job is settled; returns the failed ones. */
  private static List<String> settle(TestService api, List<String> ids) {
    List<String> failed = new ArrayList<>();
    for (String id : ids) {
      JsonNode job =
          api.awaitJob(
              KEY_A, id, j -> TestService.stored(j) || j.get("status").asText().equals("failed"));
      if (job.get("status").asText().equals("failed")) {
        failed.add(id);
      }
    }
    return failed;
  }
}
