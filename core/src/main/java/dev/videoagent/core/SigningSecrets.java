package dev.videoagent.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's webhook secrets: the current one and, for {@link #OVERLAP} after a rotation, the one
 * before it. Both sign while they overlap, so a receiver can switch to the new secret at its own
 * pace within that day and never rejects a genuine delivery.
 *
 * @param current signs every delivery
 * @param previous the secret before the last rotation, or null
 * @param previousUntil when {@code previous} stops signing, or null
 */
public record SigningSecrets(WebhookSecret current, WebhookSecret previous, Instant previousUntil) {
  /** How long the secret before a rotation keeps signing. */
  public static final Duration OVERLAP = Duration.ofHours(24);

  public SigningSecrets {
    Objects.requireNonNull(current, "current");
    if ((previous == null) != (previousUntil == null)) {
      throw new IllegalArgumentException("previous and previousUntil are set together");
    }
  }

  public static SigningSecrets of(WebhookSecret current) {
    return new SigningSecrets(current, null, null);
  }

  /** After a rotation at {@code now}: {@code next} signs, the current one too for a day. */
  public SigningSecrets rotatedTo(WebhookSecret next, Instant now) {
    return new SigningSecrets(next, current, now.plus(OVERLAP));
  }

  /** The secrets that sign at {@code now}, newest first. */
  public List<WebhookSecret> signingAt(Instant now) {
    return previous != null && now.isBefore(previousUntil)
        ? List.of(current, previous)
        : List.of(current);
  }
}
