package dev.videoagent.core.port;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends one signed webhook POST. Redirects are not followed; the address is checked against the
 * destination rules after the name is resolved, and the connection goes to the checked address.
 */
@FunctionalInterface
public interface WebhookSender {

  /** Never throws for network trouble: every way an attempt can end is a {@link Result}. */
  Result send(Request request);

  /** One POST: JSON {@code body} with {@code headers} (the signature headers among them). */
  record Request(URI url, Map<String, String> headers, String body) {
    public Request {
      Objects.requireNonNull(url, "url");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  /** How a send ended. */
  sealed interface Result {}

  /**
   * The receiver answered.
   *
   * @param retryAfter what its {@code Retry-After} asked for, if anything
   */
  record Answered(int status, Optional<Duration> retryAfter) implements Result {
    public Answered {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public boolean succeeded() {
      return status >= 200 && status <= 299;
    }
  }

  /** No answer: connection refused or reset, time-out, TLS failure. */
  record NoAnswer(String reason) implements Result {
    public NoAnswer {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Not sent: the address is not one webhooks may go to. */
  record Refused(String reason) implements Result {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
