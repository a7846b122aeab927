package dev.videoagent.core;

import dev.videoagent.core.port.IdGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Ids of the form {@code vid_} + 10 characters of milliseconds + 16 random characters, in Crockford
 * base 32 (the ULID layout): they sort by creation time, so "newest first" pages by id alone, and
 * 80 random bits keep two instances creating jobs in the same millisecond apart.
 */
public final class TimeOrderedIdGenerator implements IdGenerator {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final Clock clock;
  private final SecureRandom random;

  public TimeOrderedIdGenerator(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  public TimeOrderedIdGenerator(Clock clock) {
    this(clock, new SecureRandom());
  }

  @Override
  public String newJobId() {
    char[] out = new char[26];
    long millis = clock.millis();
    for (int i = 9; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (millis & 31)];
      millis >>>= 5;
    }
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 5] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = CROCKFORD[(int) (high & 31)];
      high >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = CROCKFORD[(int) (low & 31)];
      low >>>= 5;
    }
    return "vid_" + new String(out);
  }

  @Override
  public String newSecret() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
