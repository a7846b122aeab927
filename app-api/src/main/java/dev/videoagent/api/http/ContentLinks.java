package dev.videoagent.api.http;

import dev.videoagent.core.VideoJob;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
 * call and carries only its expiry and an HMAC-SHA256 of the job id and that expiry. The HMAC key
 * is derived from the job's own stored secret (its callback token, which no client ever sees), so
 * every instance on the same database accepts the link, across restarts, and it opens no other job;
 * it cannot be turned into the API key.
 */
public final class ContentLinks {
  /**
   * Long enough to watch a demo video and seek in it; short enough that a leaked link dies soon.
   */
  public static final Duration LIFETIME = Duration.ofMinutes(15);

  private static final String ALGORITHM = "HmacSHA256";

  /**
   * Keeps the link key apart from the callback check that uses the same stored secret: knowing a
   * link's signature tells nothing about the token, and the other way round.
   */
  private static final byte[] PURPOSE =
      "videoagent content link v1".getBytes(StandardCharsets.US_ASCII);

  private final Clock clock;

  public ContentLinks(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A token that opens the video of {@code job} until the returned instant. */
  public Minted mint(VideoJob job) {
    long expires = clock.instant().plus(LIFETIME).getEpochSecond();
    return new Minted(expires + "." + signature(job, expires), Instant.ofEpochSecond(expires));
  }

  /** A token minted for {@code job} and not yet expired. */
  public boolean opens(String token, VideoJob job) {
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
    byte[] expected = signature(job, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    // Compared in constant time before the expiry, so a forger learns nothing from the timing.
    boolean signed = MessageDigest.isEqual(expected, given);
    return signed && clock.instant().getEpochSecond() < expires;
  }

  private static String signature(VideoJob job, long expires) {
    try {
      byte[] secret = job.callbackToken().getBytes(StandardCharsets.UTF_8);
      byte[] key = hmac(new SecretKeySpec(secret, ALGORITHM), PURPOSE);
      byte[] digest =
          hmac(
              new SecretKeySpec(key, ALGORITHM),
              (job.id() + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] hmac(SecretKeySpec key, byte[] message) throws GeneralSecurityException {
    Mac mac = Mac.getInstance(ALGORITHM);
    mac.init(key);
    return mac.doFinal(message);
  }

  /** A link's token and when it stops working. */
  public record Minted(String token, Instant expiresAt) {}
}
