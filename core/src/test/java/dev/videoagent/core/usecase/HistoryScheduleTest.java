package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.DurationHistogram;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryScheduleTest {
  private final HistorySchedule rules = HistorySchedule.standard();
  private final PollSchedule polling = PollSchedule.polling();

  private static DurationHistogram minutes(int count, int... each) {
    DurationHistogram h = DurationHistogram.empty();
    for (int i = 0; i < count; i++) {
      h = h.with(Duration.ofMinutes(each[i % each.length]));
    }
    return h;
  }

  @Test
  void withTooFewSamplesTodaysScheduleAppliesAndNothingIsEstimated() {
    DurationHistogram few = minutes(29, 4);
    assertThat(rules.pollDelay(few, Duration.ZERO, 0, polling, 0.5))
        .isEqualTo(polling.delayAfter(0, 0.5));
    assertThat(rules.expectedTotal(few, Duration.ofMinutes(1))).isEmpty();
    assertThat(rules.stallAfter(few)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void readsFirstWhereJobsStartToFinishAndStepsAtMostAShareOfTheWait() {
    DurationHistogram history = minutes(200, 3, 4, 5, 6);
    Duration first = rules.pollDelay(history, Duration.ZERO, 0, polling, 0.5);
    assertThat(first).isBetween(Duration.ofSeconds(170), Duration.ofSeconds(190));
    Duration next = rules.pollDelay(history, Duration.ofSeconds(200), 1, polling, 0.5);
    assertThat(next).isLessThanOrEqualTo(Duration.ofSeconds(30));
    // Past the history's tail: the fall-back schedule's cap, as today.
    assertThat(rules.pollDelay(history, Duration.ofMinutes(30), 9, polling, 0.5))
        .isEqualTo(polling.cap());
  }

  @Test
  void aJobWithAWebhookIsReadOnlyWellPastTheTail() {
    DurationHistogram history = minutes(200, 3, 4, 5, 6);
    Duration first = rules.safetyNetDelay(history, Duration.ZERO, 0, PollSchedule.safetyNet(), 0.5);
    assertThat(first).isGreaterThan(Duration.ofMinutes(9));
  }

  @Test
  void theEstimateIsTheMedianOfJobsThatRanAsLongAndTheStallBoundGrowsWithTheTail() {
    DurationHistogram history = minutes(300, 2, 4, 6);
    assertThat(rules.expectedTotal(history, Duration.ZERO).orElseThrow())
        .isBetween(Duration.ofSeconds(230), Duration.ofSeconds(250));
    assertThat(rules.expectedTotal(history, Duration.ofMinutes(5)).orElseThrow())
        .isGreaterThan(Duration.ofMinutes(5));
    assertThat(rules.stallAfter(history)).isBetween(Duration.ofMinutes(18), Duration.ofMinutes(20));
    assertThat(rules.stallAfter(minutes(100, 1))).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void oldSamplesFadeSoTheHistoryFollowsAGatewayThatSlowsDown() {
    DurationHistogram history = minutes(2 * DurationHistogram.WINDOW, 2);
    for (int i = 0; i < 3 * DurationHistogram.WINDOW; i++) {
      history = history.with(Duration.ofMinutes(8));
    }
    assertThat(history.samples()).isLessThan(DurationHistogram.WINDOW);
    assertThat(history.quantile(0.1).orElseThrow()).isGreaterThan(7 * 60.0);
  }
}
