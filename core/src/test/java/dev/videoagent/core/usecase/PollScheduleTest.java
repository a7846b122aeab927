package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  private final PollSchedule schedule = PollSchedule.polling();

  @Test
  void startsAFewSecondsAfterSubmission() {
    assertThat(schedule.delayAfter(0, 0.5)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void growsThenStopsAtTheCap() {
    Duration previous = Duration.ZERO;
    for (int reads = 0; reads < 6; reads++) {
      Duration next = schedule.delayAfter(reads, 0.5);
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
    assertThat(schedule.delayAfter(20, 0.5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(schedule.delayAfter(10_000, 0.5)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void jitterSpreadsWithinItsFraction() {
    assertThat(schedule.delayAfter(20, 0.0)).isEqualTo(Duration.ofSeconds(54));
    assertThat(schedule.delayAfter(20, 0.999_999))
        .isBetween(Duration.ofMillis(65_999), Duration.ofSeconds(66));
  }

  @Test
  void aTenMinuteJobCostsAtMostTwentyReads() {
    Random random = new Random(42);
    for (int trial = 0; trial < 1_000; trial++) {
      long elapsedMillis = 0;
      int reads = 0;
      while (elapsedMillis < Duration.ofMinutes(10).toMillis()) {
        elapsedMillis += schedule.delayAfter(reads, random.nextDouble()).toMillis();
        reads++;
      }
      assertThat(reads).isLessThanOrEqualTo(20);
    }
  }

  @Test
  void aShortJobIsSeenSoonAfterItEnds() {
    // A 4-second sandbox job: the first read, at about 5 s, already finds it done.
    assertThat(schedule.delayAfter(0, 0.0)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    assertThat(schedule.delayAfter(0, 0.999)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void theSafetyNetIsRare() {
    PollSchedule net = PollSchedule.safetyNet();
    assertThat(net.delayAfter(0, 0.5)).isEqualTo(Duration.ofMinutes(2));
    assertThat(net.delayAfter(5, 0.5)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new PollSchedule(Duration.ZERO, 1.5, Duration.ofSeconds(1), 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new PollSchedule(Duration.ofSeconds(5), 0.5, Duration.ofSeconds(60), 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new PollSchedule(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(1), 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> schedule.delayAfter(-1, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
