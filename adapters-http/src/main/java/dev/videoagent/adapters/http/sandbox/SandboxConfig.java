package dev.videoagent.adapters.http.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox behaves.
 *
 * @param port the loopback port, 0 for any free one
 * @param apiKey the one subscription key it accepts (default {@code "sandbox"})
 * @param completionDelay how long a job takes from submit to its final status (default 4 s); it is
 *     queued for the first third of that time and processing for the rest
 * @param failMarker a prompt containing this text ends {@code FAILED} (default {@code [fail]})
 * @param faults the trouble it makes on purpose (default none); can be changed while it runs
 * @param webhookAttempts how often a webhook is tried before it is given up (default 3)
 * @param webhookRetryDelay the pause before the second try, doubled after each (default 500 ms)
 */
public record SandboxConfig(
    int port,
    String apiKey,
    Duration completionDelay,
    String failMarker,
    SandboxFaults faults,
    int webhookAttempts,
    Duration webhookRetryDelay) {

  public static final String DEFAULT_API_KEY = "sandbox";
  public static final Duration DEFAULT_COMPLETION_DELAY = Duration.ofSeconds(4);
  public static final String DEFAULT_FAIL_MARKER = "[fail]";

  public SandboxConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 (got " + port + ").");
    }
    Objects.requireNonNull(apiKey, "apiKey");
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be blank.");
    }
    Objects.requireNonNull(completionDelay, "completionDelay");
    if (completionDelay.isNegative()) {
      throw new IllegalArgumentException("completionDelay must not be negative.");
    }
    Objects.requireNonNull(failMarker, "failMarker");
    if (failMarker.isEmpty()) {
      throw new IllegalArgumentException("failMarker must not be empty.");
    }
    Objects.requireNonNull(faults, "faults");
    if (webhookAttempts < 1) {
      throw new IllegalArgumentException("webhookAttempts must be at least 1.");
    }
    Objects.requireNonNull(webhookRetryDelay, "webhookRetryDelay");
    if (webhookRetryDelay.isNegative()) {
      throw new IllegalArgumentException("webhookRetryDelay must not be negative.");
    }
  }

  public static SandboxConfig defaults() {
    return new SandboxConfig(
        0,
        DEFAULT_API_KEY,
        DEFAULT_COMPLETION_DELAY,
        DEFAULT_FAIL_MARKER,
        SandboxFaults.none(),
        3,
        Duration.ofMillis(500));
  }

  public SandboxConfig withPort(int value) {
    return new SandboxConfig(
        value, apiKey, completionDelay, failMarker, faults, webhookAttempts, webhookRetryDelay);
  }

  public SandboxConfig withApiKey(String value) {
    return new SandboxConfig(
        port, value, completionDelay, failMarker, faults, webhookAttempts, webhookRetryDelay);
  }

  public SandboxConfig withCompletionDelay(Duration value) {
    return new SandboxConfig(
        port, apiKey, value, failMarker, faults, webhookAttempts, webhookRetryDelay);
  }

  public SandboxConfig withFailMarker(String value) {
    return new SandboxConfig(
        port, apiKey, completionDelay, value, faults, webhookAttempts, webhookRetryDelay);
  }

  public SandboxConfig withFaults(SandboxFaults value) {
    return new SandboxConfig(
        port, apiKey, completionDelay, failMarker, value, webhookAttempts, webhookRetryDelay);
  }

  public SandboxConfig withWebhookRetries(int attempts, Duration retryDelay) {
    return new SandboxConfig(
        port, apiKey, completionDelay, failMarker, faults, attempts, retryDelay);
  }
}
