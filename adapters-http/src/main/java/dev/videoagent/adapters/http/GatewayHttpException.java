package dev.videoagent.adapters.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A non-2xx gateway answer other than a refused key, decoded by {@link GatewayErrorDecoder} and
 * turned into a result by {@link FeignVideoGateway}; it never leaves this package.
 */
final class GatewayHttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String gatewayMessage;
  private final transient Duration retryAfter;

  GatewayHttpException(int status, String gatewayMessage, Duration retryAfter) {
    // No stack trace: this is an answer, not a bug, and it is always caught a few frames up.
    super(
        "HTTP " + status + (gatewayMessage == null ? "" : ": " + gatewayMessage),
        null,
        false,
        false);
    this.status = status;
    this.gatewayMessage = gatewayMessage;
    this.retryAfter = retryAfter;
  }

  int status() {
    return status;
  }

  Optional<String> gatewayMessage() {
    return Optional.ofNullable(gatewayMessage);
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
