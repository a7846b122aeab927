package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.testing.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeOrderedIdGeneratorTest {

  @Test
  void laterIdsSortAfterEarlierOnes() {
    MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator(clock);
    String first = ids.newJobId();
    clock.advance(Duration.ofMillis(1));
    String second = ids.newJobId();
    assertThat(second).isGreaterThan(first);
    assertThat(first).matches("vid_[0-9A-HJKMNP-TV-Z]{26}");
  }

  @Test
  void idsAndSecretsAreUnique() {
    TimeOrderedIdGenerator ids =
        new TimeOrderedIdGenerator(MutableClock.at("2026-11-26T10:00:00Z"));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(ids.newJobId())).isTrue();
      assertThat(seen.add(ids.newSecret())).isTrue();
    }
    assertThat(ids.newSecret()).matches("[A-Za-z0-9_-]{32}");
  }
}
