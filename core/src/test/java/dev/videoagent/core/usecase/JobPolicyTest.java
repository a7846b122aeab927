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
                defaults.history()));
    JobPolicy changed =
        defaults
            .withDeadline(Duration.ofHours(5))
            .withMaxInFlight(3)
            .withBackoff(gentle)
            .withLease(Duration.ofMinutes(7));
    assertThat(changed)
        .isEqualTo(
            new JobPolicy(
                defaults.polling(),
                defaults.safetyNet(),
                gentle,
                Duration.ofMinutes(7),
                Duration.ofHours(5),
                3,
                defaults.downloadAttempts(),
                defaults.history()));
  }

  @Test
  void theWithersCheckWhatTheConstructorChecks() {
    assertThatThrownBy(() -> defaults.withMaxInFlight(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withLease(Duration.ZERO)).hasMessageContaining("lease");
  }
}
