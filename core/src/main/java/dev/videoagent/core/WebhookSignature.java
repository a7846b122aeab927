package dev.videoagent.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature of one delivery attempt: {@code v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">} with each secret that signs, separated by spaces. Pure functions.
 */
public final class WebhookSignature {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private WebhookSignature() {}

  /**
   * The {@code webhook-signature} value for {@code secrets} (newest first).
   *
   * @param timestamp unix seconds of this attempt, as sent in {@code webhook-timestamp}
   */
  public static String header(
      List<WebhookSecret> secrets, String webhookId, long timestamp, String body) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret signs");
    }
    return secrets.stream()
        .map(secret -> sign(secret, webhookId, timestamp, body))
        .collect(Collectors.joining(" "));
  }

  /** One {@code v1,…} signature. */
  public static String sign(WebhookSecret secret, String webhookId, long timestamp, String body) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(webhookId, "webhookId");
    Objects.requireNonNull(body, "body");
    String signed = webhookId + "." + timestamp + "." + body;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.keyBytes(), "HmacSHA256"));
      byte[] digest = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      // Every Java runtime has HmacSHA256: this is a broken runtime, not bad input.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
