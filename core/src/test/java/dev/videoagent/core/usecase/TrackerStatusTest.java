package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.port.WorkBacklog;
import dev.videoagent.core.usecase.TrackerStatus.Health;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrackerStatusTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant LONG_AGO = NOW.minus(Duration.ofHours(1));

  private static TrackerStatus assess(
      WorkBacklog backlog, boolean running, Instant lastProgressAt) {
    return TrackerStatus.assess(NOW, running, 2, backlog, 10, LONG_AGO, lastProgressAt, null, null);
  }

  private static Instant ago(int seconds) {
    return NOW.minusSeconds(seconds);
  }

  @Test
  void dueWorkThatMovesIsOkAndItsLagIsHowLateTheOldestIs() {
    TrackerStatus status = assess(new WorkBacklog(110, 10, ago(7), ago(600)), true, ago(1));
    assertThat(status.health()).isEqualTo(Health.OK);
    assertThat(status.reason()).isNull();
    assertThat(status.lag()).isEqualTo(Duration.ofSeconds(7));
    assertThat(status.waitingForSlot()).isEqualTo(110);
    assertThat(status.inFlight()).isEqualTo(10);
  }

  @Test
  void pendingJobsWaitingForAFullCapAreNotLag() {
    TrackerStatus status = assess(new WorkBacklog(500, 10, null, ago(3_000)), true, ago(900));
    assertThat(status.health()).isEqualTo(Health.OK);
    assertThat(status.lag()).isZero();
  }

  @Test
  void workDueForMinutesIsFallingBehindEvenWhileJobsMove() {
    TrackerStatus status = assess(new WorkBacklog(0, 10, ago(150), null), true, ago(1));
    assertThat(status.health()).isEqualTo(Health.FALLING_BEHIND);
    assertThat(status.reason()).contains("150 s late");
  }

  @Test
  void dueWorkThatHasNotMovedForLongIsStalled() {
    TrackerStatus status = assess(new WorkBacklog(110, 10, ago(100), null), true, ago(95));
    assertThat(status.health()).isEqualTo(Health.STALLED);
    assertThat(status.reason())
        .contains("have not moved for 95 s")
        .contains("110 wait for a slot")
        .contains("10 of 10 slots");
  }

  @Test
  void aFreeSlotWithADueSubmissionThatIsNotTakenIsStalled() {
    TrackerStatus status = assess(new WorkBacklog(110, 3, null, ago(300)), true, ago(120));
    assertThat(status.health()).isEqualTo(Health.STALLED);
    assertThat(status.lag()).isZero();
  }

  @Test
  void workThatBecameDueJustNowIsNotAStallHoweverLongTheTrackerWasIdle() {
    TrackerStatus status = assess(new WorkBacklog(0, 1, ago(3), null), true, ago(3_000));
    assertThat(status.health()).isEqualTo(Health.OK);
  }

  @Test
  void aTrackerThatJustStartedIsNotStalledByOldWork() {
    TrackerStatus status =
        TrackerStatus.assess(
            NOW, true, 0, new WorkBacklog(0, 1, ago(60), null), 10, ago(5), null, null, null);
    assertThat(status.health()).isEqualTo(Health.OK);
  }

  @Test
  void aTrackerThatDoesNotRunIsNeverStalledButLateWorkStillShows() {
    assertThat(assess(new WorkBacklog(0, 1, ago(100), null), false, null).health())
        .isEqualTo(Health.OK);
    TrackerStatus late = assess(new WorkBacklog(0, 1, ago(400), null), false, null);
    assertThat(late.health()).isEqualTo(Health.FALLING_BEHIND);
    assertThat(late.reason()).contains("not running");
  }

  @Test
  void nothingDueIsOk() {
    TrackerStatus status = assess(new WorkBacklog(0, 0, null, null), true, null);
    assertThat(status.isOk()).isTrue();
    assertThat(status.lag()).isZero();
  }
}
