package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = Backoff.standard();

  @Test
  void fullJitterStaysUnderAnExponentialCeiling() {
    assertThat(backoff.delay(1, null, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(3, null, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.delay(3, null, 0.999)).isGreaterThan(Duration.ofSeconds(7));
    assertThat(backoff.delay(30, null, 0.999)).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void neverZero() {
    assertThat(backoff.delay(1, null, 0.0)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void honoursRetryAfterButCapsIt() {
    assertThat(backoff.delay(1, Duration.ofSeconds(7), 0.0)).isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(1, Duration.ofHours(3), 0.0)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void manyFailuresDoNotOverflow() {
    assertThat(backoff.delay(Integer.MAX_VALUE, null, 0.5))
        .isLessThanOrEqualTo(Duration.ofMinutes(5));
  }
}
