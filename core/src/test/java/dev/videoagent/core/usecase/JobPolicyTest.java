package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobPolicyTest {
  private final JobPolicy defaults = JobPolicy.defaults();

  @Test
  void eachWitherChangesItsKnobAndKeepsTheOthers() {
    PollSchedule fast = new PollSchedule(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 0.1);
    Backoff gentle = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    assertThat(defaults.withPolling(fast))
        .isEqualTo(
            new JobPolicy(
                fast,
                defaults.safetyNet(),
                defaults.backoff(),
                defaults.lease(),
                defaults.deadline(),
                defaults.maxInFlight(),
                defaults.downloadAttempts(),
                defaults.downloadLease(),
                defaults.history()));
    JobPolicy changed =
        defaults
            .withDeadline(Duration.ofHours(5))
            .withMaxInFlight(3)
            .withBackoff(gentle)
            .withDownloadLease(Duration.ofHours(1));
    assertThat(changed)
        .isEqualTo(
            new JobPolicy(
                defaults.polling(),
                defaults.safetyNet(),
                gentle,
                defaults.lease(),
                Duration.ofHours(5),
                3,
                defaults.downloadAttempts(),
                Duration.ofHours(1),
                defaults.history()));
  }

  @Test
  void aLongerLeaseTakesTheDownloadLeaseAlongOnlyWhenItWouldBeShorter() {
    assertThat(defaults.withLease(Duration.ofMinutes(1)).downloadLease())
        .isEqualTo(defaults.downloadLease());
    JobPolicy longer = defaults.withLease(Duration.ofHours(1));
    assertThat(longer.lease()).isEqualTo(Duration.ofHours(1));
    assertThat(longer.downloadLease()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theWithersCheckWhatTheConstructorChecks() {
    assertThatThrownBy(() -> defaults.withMaxInFlight(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withDownloadLease(Duration.ofSeconds(1)))
        .hasMessageContaining("downloadLease");
  }
}
