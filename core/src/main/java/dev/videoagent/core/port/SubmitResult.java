package dev.videoagent.core.port;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a submit call established. Each case maps to exactly one money-safe reaction. */
public sealed interface SubmitResult {

  /** The gateway took the job and named it. */
  record Accepted(String requestId) implements SubmitResult {
    public Accepted {
      Objects.requireNonNull(requestId, "requestId");
    }
  }

  /**
   * The gateway certainly did not take the job (connection refused, {@code 429}, {@code 503}):
   * sending it again cannot bill twice.
   *
   * @param retryAfter the gateway's {@code Retry-After}, or {@code null}
   */
  record NotTaken(GatewayTrouble trouble, String detail, Duration retryAfter)
      implements SubmitResult {
    public Optional<Duration> retryAfterIfGiven() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /** The gateway refused the request itself ({@code 400}, {@code 404}, {@code 422}…). */
  record Rejected(int httpStatus, String message) implements SubmitResult {}

  /**
   * The call ended without telling whether the gateway took the job ({@code 500}, {@code 502},
   * {@code 504}, a time-out or reset after the body was sent). It may have been billed.
   */
  record Ambiguous(String detail) implements SubmitResult {}
}
