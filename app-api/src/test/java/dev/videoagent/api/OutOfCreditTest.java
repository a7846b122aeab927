package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxStats.SubmitOutcome;
import dev.videoagent.core.testing.MutableClock;
import dev.videoagent.core.usecase.CreditHold;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway account runs out of credit ({@code 402}) for a while, then has credit again: no job
 * fails, none is submitted twice, {@code /health} says {@code degraded} / {@code out_of_credit}
 * meanwhile and {@code ok} after, and every job completes. More jobs than the in-flight cap.
 */
class OutOfCreditTest {
  private static final int JOBS = 25;

  @Test
  void aGatewayOutOfCreditHoldsEverySubmissionBackAndAllCompleteOnceCreditIsBack() {
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (TestService service =
        TestService.builder()
            .faults(SandboxFaults.none().withOutOfCredit(true))
            .tune(builder -> builder.clock(clock))
            .start()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        ids.add(service.create(KEY_A, "credit test video " + i).path("id").asText());
      }

      JsonNode degraded = awaitHealth(service, clock, "degraded", Duration.ZERO);
      assertThat(degraded.path("tracker").path("state").asText()).isEqualTo("out_of_credit");
      assertThat(degraded.path("reason").asText()).contains("out of credit");
      assertThat(degraded.path("tracker").path("credit_hold").path("interval_seconds").asLong())
          .isEqualTo(CreditHold.FIRST_INTERVAL.toSeconds());
      assertThat(service.get("/metrics", null).body())
          .contains("videoagent_tracker_out_of_credit 1.0");
      // The first 402 holds every job back: besides it, only submissions already under way when
      // it came are refused (at most the in-flight cap), and none fails or holds a slot.
      long[] seen = {-1};
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                long now = service.sandbox().stats().submitCalls(SubmitOutcome.OUT_OF_CREDIT);
                boolean settled = now == seen[0];
                seen[0] = now;
                return settled;
              });
      long refused = seen[0];
      assertThat(refused).isBetween(1L, 10L);
      for (String id : ids) {
        JsonNode job = service.job(KEY_A, id);
        assertThat(job.path("status").asText()).isEqualTo("pending");
        assertThat(job.path("error").isNull()).isTrue();
      }

      // A probe after the interval: still out of credit, and the interval doubles.
      clock.advance(CreditHold.FIRST_INTERVAL);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  service.sandbox().stats().submitCalls(SubmitOutcome.OUT_OF_CREDIT)
                      == refused + 1);
      // /health may show the tracker's last measurement (at most a few seconds old) at first.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  TestService.json(service.get("/health", null))
                          .path("tracker")
                          .path("credit_hold")
                          .path("interval_seconds")
                          .asLong()
                      == CreditHold.FIRST_INTERVAL.toSeconds() * 2);

      // Credit is back: the next probe is taken, and the rest follow by themselves.
      service.sandbox().setFaults(SandboxFaults.none());
      clock.advance(CreditHold.FIRST_INTERVAL.multipliedBy(2));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                clock.advance(Duration.ofMillis(500));
                return ids.stream().allMatch(id -> TestService.stored(service.job(KEY_A, id)));
              });
      JsonNode ok = awaitHealth(service, clock, "ok", Duration.ofMillis(200));
      assertThat(ok.path("tracker").path("credit_hold").isNull()).isTrue();
      assertThat(service.get("/metrics", null).body())
          .contains("videoagent_tracker_out_of_credit 0.0");
      for (int i = 0; i < JOBS; i++) {
        assertThat(service.sandbox().stats().acceptedSubmissionsFor("credit test video " + i))
            .isEqualTo(1);
      }
      assertThat(service.sandbox().stats().submitCalls(SubmitOutcome.OUT_OF_CREDIT))
          .isEqualTo(refused + 1);
    }
  }

  private static JsonNode awaitHealth(
      TestService service, MutableClock clock, String status, Duration step) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              clock.advance(step);
              last[0] = TestService.json(service.get("/health", null));
              return last[0].path("status").asText().equals(status);
            });
    return last[0];
  }
}
