package dev.videoagent.adapters.http;

import dev.videoagent.core.port.GatewayAuthenticationException;
import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * Turns every non-2xx answer into our own exception: a refused key into the core's {@link
 * GatewayAuthenticationException}, anything else into a {@link GatewayHttpException} carrying the
 * status, the gateway's message and its {@code Retry-After}.
 */
final class GatewayErrorDecoder implements ErrorDecoder {
  private final ErrorBodies errorBodies;
  private final Clock clock;

  /**
   * @param errorBodies finds the message and redacts the key from it (before cutting it)
   */
  GatewayErrorDecoder(ErrorBodies errorBodies, Clock clock) {
    this.errorBodies = errorBodies;
    this.clock = clock;
  }

  static String refusedKeyMessage(int status) {
    return "The gateway refused the subscription key (HTTP " + status + "): check PIXAZO_API_KEY.";
  }

  @Override
  public Exception decode(String methodKey, Response response) {
    int status = response.status();
    if (status == 401 || status == 403) {
      return new GatewayAuthenticationException(refusedKeyMessage(status));
    }
    String message = errorBodies.messageOf(bodyOf(response)).orElse(null);
    Duration retryAfter =
        RetryAfter.parse(firstHeader(response, "Retry-After"), clock.instant()).orElse(null);
    return new GatewayHttpException(status, message, retryAfter);
  }

  private static String bodyOf(Response response) {
    if (response.body() == null) {
      return "";
    }
    // The whole body (BoundedBodyClient already holds it, at most 1 MiB): reading only its start
    // would cut it before the key is redacted, and could leave the first part of a key behind.
    try (InputStream in = response.body().asInputStream()) {
      return new String(in.readNBytes(BoundedBodyClient.MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      return "";
    }
  }

  private static String firstHeader(Response response, String name) {
    Collection<String> values = response.headers().get(name);
    return values == null || values.isEmpty() ? null : values.iterator().next();
  }
}
