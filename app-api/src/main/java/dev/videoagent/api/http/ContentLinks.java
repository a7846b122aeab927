package dev.videoagent.api.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived signed links to one job's video, for players that cannot send an {@code
 * Authorization} header (a browser's {@code <video>} element). A link is minted by an authenticated
 * call and names only the job and its expiry, signed with HMAC-SHA256 under a key made at start and
 * never stored: a link cannot be turned into the API key, outlives no restart and opens no other
 * job.
 */
public final class ContentLinks {
  /**
   * Long enough to watch a demo video and seek in it; short enough that a leaked link dies soon.
   */
  public static final Duration LIFETIME = Duration.ofMinutes(15);

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Clock clock;

  public ContentLinks(SecureRandom random, Clock clock) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A token that opens the video of job {@code id} until the returned instant. */
  public Minted mint(String id) {
    long expires = clock.instant().plus(LIFETIME).getEpochSecond();
    return new Minted(expires + "." + signature(id, expires), Instant.ofEpochSecond(expires));
  }

  /** A token minted here for job {@code id} and not yet expired. */
  public boolean opens(String token, String id) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot > 19) {
      return false;
    }
    long expires;
    try {
      expires = Long.parseLong(token.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    byte[] expected = signature(id, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    // Compared in constant time before the expiry, so a forger learns nothing from the timing.
    boolean signed = MessageDigest.isEqual(expected, given);
    return signed && clock.instant().getEpochSecond() < expires;
  }

  private String signature(String id, long expires) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal((id + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** A link's token and when it stops working. */
  public record Minted(String token, Instant expiresAt) {}
}
