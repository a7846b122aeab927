package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.assembly.config.Setting;
import dev.videoagent.core.usecase.JobPolicy;
import dev.videoagent.core.usecase.PollSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How many status reads a job costs, with and without the gateway's webhook, measured against the
 * sandbox. Time is scaled down 100 times: a 6 s sandbox job stands for a 10-minute Video Agent job,
 * and both schedules (polling: 5 s growing ×1.5 to 60 s; safety net: 2 min growing ×2 to 10 min)
 * are divided by 100 too, so the counts are those of the real schedules.
 *
 * <p>Each read is planned from the moment the previous one ended, so the real time a tracker round
 * takes (its wake-up, the claim's commit, the read, the result's commit: 15-25 ms on a busy disk)
 * is added to every interval, and scaling multiplies it. At 1/200 that lateness cost two or three
 * of the fifteen reads and put the counts at the edge of their bounds; at 1/100 it costs at most
 * one. At the real schedule it is a few hundredths of a percent.
 */
class StatusReadsTest {
  private static final int SCALE = 100;
  private static final Duration TEN_MINUTES_SCALED = Duration.ofMinutes(10).dividedBy(SCALE);
  private static final int JOBS = 3;

  @Test
  void callbacksSaveMostStatusReads() {
    List<Long> polling = measure(false);
    List<Long> withCallbacks = measure(true);
    double pollingMean = polling.stream().mapToLong(Long::longValue).average().orElseThrow();
    double callbackMean = withCallbacks.stream().mapToLong(Long::longValue).average().orElseThrow();
    System.out.printf(
        "Status reads per 10-minute job (time scaled 1/%d): polling %s (mean %.1f),"
            + " with callbacks %s (mean %.1f)%n",
        SCALE, polling, pollingMean, withCallbacks, callbackMean);

    // Polling: 5 s, 12 s, 24 s, 41 s, 66 s, 104 s, then every minute: about 15 reads.
    assertThat(polling).allSatisfy(reads -> assertThat(reads).isBetween(12L, 18L));
    // With callbacks: the safety net's reads at 2 and 6 minutes, then one after the callback.
    assertThat(withCallbacks).allSatisfy(reads -> assertThat(reads).isBetween(1L, 3L));
    assertThat(callbackMean).isLessThan(pollingMean / 4);
  }

  private static List<Long> measure(boolean callbacks) {
    TestService.Builder builder =
        TestService.builder()
            .completionDelay(TEN_MINUTES_SCALED)
            .policy(scaledPolicy())
            // Look for due jobs every 10 ms, so scaled delays keep within a few percent, and do
            // not let the call rate stretch them.
            .idlePoll(Duration.ofMillis(10))
            .env(Setting.VIDEOAGENT_GATEWAY_RATE.variable(), "1000");
    if (callbacks) {
      int port = TestService.freePort();
      builder
          .env(Setting.VIDEOAGENT_PORT.variable(), Integer.toString(port))
          .env(Setting.VIDEOAGENT_PUBLIC_URL.variable(), "http://127.0.0.1:" + port);
    }
    try (TestService service = builder.start()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        ids.add(service.create(KEY_A, "Measured job " + i).path("id").asText());
      }
      List<Long> reads = new ArrayList<>();
      for (String id : ids) {
        String requestId =
            service.awaitJob(KEY_A, id, TestService::stored).path("gateway_request_id").asText();
        reads.add(service.sandbox().stats().statusReadsFor(requestId));
      }
      return reads;
    }
  }

  private static JobPolicy scaledPolicy() {
    JobPolicy fast = TestService.fastPolicy();
    return new JobPolicy(
        scaled(PollSchedule.polling()),
        scaled(PollSchedule.safetyNet()),
        fast.backoff(),
        fast.lease(),
        fast.deadline(),
        fast.maxInFlight(),
        fast.downloadAttempts(),
        fast.history());
  }

  private static PollSchedule scaled(PollSchedule schedule) {
    return new PollSchedule(
        schedule.first().dividedBy(SCALE),
        schedule.growth(),
        schedule.cap().dividedBy(SCALE),
        schedule.jitter());
  }
}
