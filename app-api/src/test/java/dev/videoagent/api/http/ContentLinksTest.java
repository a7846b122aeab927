package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ContentLinksTest {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final ContentLinks links = new ContentLinks(new SecureRandom(), clock);

  @Test
  void aLinkWorksUntilItsLifetimeIsOver() {
    ContentLinks.Minted minted = links.mint("job-1");
    assertThat(minted.expiresAt()).isEqualTo(clock.instant().plus(ContentLinks.LIFETIME));
    assertThat(links.opens(minted.token(), "job-1")).isTrue();
    clock.advance(ContentLinks.LIFETIME.minusSeconds(1));
    assertThat(links.opens(minted.token(), "job-1")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(links.opens(minted.token(), "job-1")).isFalse();
  }

  @Test
  void aLinkIsForOneJobAndOneServiceRun() {
    String token = links.mint("job-1").token();
    assertThat(links.opens(token, "job-2")).isFalse();
    ContentLinks afterRestart = new ContentLinks(new SecureRandom(), clock);
    assertThat(afterRestart.opens(token, "job-1")).isFalse();
  }

  @Test
  void aLongerExpiryCannotBeWrittenIn() {
    String token = links.mint("job-1").token();
    String signature = token.substring(token.indexOf('.') + 1);
    long later = clock.instant().plus(Duration.ofDays(365)).getEpochSecond();
    assertThat(links.opens(later + "." + signature, "job-1")).isFalse();
    assertThat(links.opens("." + signature, "job-1")).isFalse();
    assertThat(links.opens("12345678901234567890123." + signature, "job-1")).isFalse();
    assertThat(links.opens("abc." + signature, "job-1")).isFalse();
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
