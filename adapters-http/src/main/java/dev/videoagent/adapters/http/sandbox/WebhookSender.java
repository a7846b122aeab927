package dev.videoagent.adapters.http.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a job's {@code X-Webhook-URL} with its final status, as the gateway would, trying again a
 * few times when the receiver does not answer with a 2xx.
 */
final class WebhookSender {
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final SandboxStats stats;
  private final int attempts;
  private final Duration retryDelay;

  WebhookSender(
      ScheduledExecutorService scheduler, SandboxStats stats, int attempts, Duration retryDelay) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CALL_TIMEOUT)
            .build();
    this.scheduler = scheduler;
    this.stats = stats;
    this.attempts = attempts;
    this.retryDelay = retryDelay;
  }

  /**
   * After {@code delay}, POSTs what {@code body} gives at that moment to {@code target}: the
   * callback about the job {@code requestId}.
   */
  void sendAfter(Duration delay, String requestId, URI target, Supplier<byte[]> body) {
    schedule(delay, requestId, target, body, 1);
  }

  private void schedule(
      Duration delay, String requestId, URI target, Supplier<byte[]> body, int attempt) {
    if (scheduler.isShutdown()) {
      return;
    }
    scheduler.schedule(
        () -> send(requestId, target, body, attempt),
        Math.max(0, delay.toNanos()),
        TimeUnit.NANOSECONDS);
  }

  private void send(String requestId, URI target, Supplier<byte[]> body, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(CALL_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "videoagent-sandbox")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.get()))
            .build();
    stats.webhookSending(requestId);
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              boolean delivered =
                  failure == null && response.statusCode() >= 200 && response.statusCode() < 300;
              stats.webhookAttempted(requestId, delivered);
              if (delivered) {
                return;
              }
              String why = failure == null ? "HTTP " + response.statusCode() : failure.toString();
              if (attempt < attempts) {
                log.debug("Webhook to {} failed ({}); trying again.", target, why);
                schedule(
                    retryDelay.multipliedBy(1L << (attempt - 1)),
                    requestId,
                    target,
                    body,
                    attempt + 1);
              } else {
                log.info("Webhook to {} failed {} times ({}); giving up.", target, attempt, why);
              }
            });
  }
}
