package dev.videoagent.core.usecase;

import dev.videoagent.core.WebhookSignature;
import dev.videoagent.core.port.AttemptOutcome;
import dev.videoagent.core.port.ClaimedDelivery;
import dev.videoagent.core.port.WebhookRepository;
import dev.videoagent.core.port.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One attempt of one claimed delivery: sign it for this attempt, send it, record how it ended. Only
 * a 2xx is success, and it is recorded only after it was received; any other answer, a redirect
 * included, or no answer at all is retried with back-off until the retry period ends. A 410 Gone
 * stops the target.
 */
public final class DeliverWebhook {
  static final String USER_AGENT = "videoagent-webhooks/1";

  private final WebhookRepository webhooks;
  private final TenantSecrets secrets;
  private final WebhookSender sender;
  private final Clock clock;
  private final DeliveryPolicy policy;
  private final RandomGenerator random;

  public DeliverWebhook(
      WebhookRepository webhooks,
      TenantSecrets secrets,
      WebhookSender sender,
      Clock clock,
      DeliveryPolicy policy,
      RandomGenerator random) {
    this.webhooks = webhooks;
    this.secrets = secrets;
    this.sender = sender;
    this.clock = clock;
    this.policy = policy;
    this.random = random;
  }

  /**
   * Sends {@code claimed} once and records the outcome.
   *
   * @return what was recorded, or what would have been when the claim was lost meanwhile
   */
  public AttemptOutcome deliver(ClaimedDelivery claimed) {
    Instant sentAt = clock.instant();
    long timestamp = sentAt.getEpochSecond();
    String signature =
        WebhookSignature.header(
            secrets.of(claimed.tenant()).signingAt(sentAt),
            claimed.eventId(),
            timestamp,
            claimed.payload());
    WebhookSender.Request request =
        new WebhookSender.Request(
            claimed.url(),
            Map.of(
                WebhookSignature.ID_HEADER,
                claimed.eventId(),
                WebhookSignature.TIMESTAMP_HEADER,
                Long.toString(timestamp),
                WebhookSignature.SIGNATURE_HEADER,
                signature,
                "content-type",
                "application/json",
                "user-agent",
                USER_AGENT),
            claimed.payload());
    WebhookSender.Result result = sender.send(request);
    AttemptOutcome outcome = outcome(claimed, result, clock.instant());
    webhooks.record(claimed, outcome);
    return outcome;
  }

  AttemptOutcome outcome(ClaimedDelivery claimed, WebhookSender.Result result, Instant now) {
    if (result instanceof WebhookSender.Answered answered) {
      if (answered.succeeded()) {
        return new AttemptOutcome.Delivered(answered.status(), now);
      }
      if (answered.status() == 410) {
        return new AttemptOutcome.Gone(now);
      }
      String error =
          answered.status() >= 300 && answered.status() <= 399
              ? "answered " + answered.status() + " (redirects are not followed)"
              : "answered " + answered.status();
      return failed(claimed, answered.status(), error, answered.retryAfter().orElse(null), now);
    }
    if (result instanceof WebhookSender.NoAnswer none) {
      return failed(claimed, null, none.reason(), null, now);
    }
    WebhookSender.Refused refused = (WebhookSender.Refused) result;
    return failed(claimed, null, "not sent: " + refused.reason(), null, now);
  }

  private AttemptOutcome failed(
      ClaimedDelivery claimed, Integer status, String error, Duration retryAfter, Instant now) {
    Duration wait = policy.backoff().delay(claimed.attempt(), retryAfter, random.nextDouble());
    Instant next = now.plus(wait);
    if (next.isAfter(claimed.giveUpAt())) {
      return new AttemptOutcome.GaveUp(status, error, now);
    }
    return new AttemptOutcome.RetryAt(status, error, now, next);
  }
}
