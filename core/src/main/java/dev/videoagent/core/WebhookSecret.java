package dev.videoagent.core;

import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A tenant's webhook signing secret as users see it: {@code whsec_} and the base64 of the key bytes
 * (the Standard Webhooks form). The HMAC key is the decoded bytes, never the text.
 *
 * @param key {@code whsec_<base64 of at least 24 bytes>}
 */
public record WebhookSecret(String key) {
  public static final String PREFIX = "whsec_";

  /** Key bytes of a new secret: 256 bits, above the spec's minimum of 24 bytes. */
  public static final int NEW_KEY_BYTES = 32;

  static final int MIN_KEY_BYTES = 24;

  public WebhookSecret {
    Objects.requireNonNull(key, "key");
    if (!key.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(key.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is " + PREFIX + " and base64 text");
    }
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret holds at least " + MIN_KEY_BYTES + " bytes");
    }
  }

  /** A new secret drawn from {@code random}, which must be a cryptographic generator. */
  public static WebhookSecret generate(RandomGenerator random) {
    byte[] bytes = new byte[NEW_KEY_BYTES];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(bytes));
  }

  /** The HMAC key: the bytes the base64 part stands for. */
  public byte[] keyBytes() {
    return Base64.getDecoder().decode(key.substring(PREFIX.length()));
  }

  /** Never the key itself: secrets end up in logs through {@code toString} otherwise. */
  @Override
  public String toString() {
    return "WebhookSecret[whsec_…]";
  }
}
