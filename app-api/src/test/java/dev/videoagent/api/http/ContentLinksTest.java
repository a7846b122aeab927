package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContentLinksTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final ContentLinks links = new ContentLinks(clock);
  private final VideoJob job = job("job-1", "secret-of-job-1");

  @Test
  void aLinkWorksUntilItsLifetimeIsOver() {
    ContentLinks.Minted minted = links.mint(job);
    assertThat(minted.expiresAt()).isEqualTo(clock.instant().plus(ContentLinks.LIFETIME));
    assertThat(links.opens(minted.token(), job)).isTrue();
    clock.advance(ContentLinks.LIFETIME.minusSeconds(1));
    assertThat(links.opens(minted.token(), job)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(links.opens(minted.token(), job)).isFalse();
  }

  @Test
  void aLinkIsForOneJobOnlyButAnyInstanceAcceptsIt() {
    String token = links.mint(job).token();
    assertThat(links.opens(token, job("job-2", "secret-of-job-1"))).isFalse();
    assertThat(links.opens(token, job("job-1", "another-secret"))).isFalse();
    ContentLinks anotherInstance = new ContentLinks(clock);
    assertThat(anotherInstance.opens(token, job)).isTrue();
  }

  @Test
  void aLongerExpiryCannotBeWrittenIn() {
    String token = links.mint(job).token();
    String signature = token.substring(token.indexOf('.') + 1);
    long later = clock.instant().plus(Duration.ofDays(365)).getEpochSecond();
    assertThat(links.opens(later + "." + signature, job)).isFalse();
    assertThat(links.opens("." + signature, job)).isFalse();
    assertThat(links.opens("12345678901234567890123." + signature, job)).isFalse();
    assertThat(links.opens("abc." + signature, job)).isFalse();
  }

  private VideoJob job(String id, String secret) {
    return VideoJob.create(
        id,
        "acme",
        VideoRequest.of("A prompt"),
        null,
        secret,
        clock.instant(),
        clock.instant().plusSeconds(3600));
  }
}
