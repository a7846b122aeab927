package dev.videoagent.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * How one attempt ended, as it is recorded.
 *
 * @param status the HTTP status answered, or null when there was no answer
 * @param error why it failed, or null after a 2xx
 */
public sealed interface AttemptOutcome {
  Integer status();

  Instant at();

  /** A 2xx was received: never sent again. */
  record Delivered(Integer status, Instant at) implements AttemptOutcome {
    public Delivered {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Failed; due again at {@code nextAttemptAt}. */
  record RetryAt(Integer status, String error, Instant at, Instant nextAttemptAt)
      implements AttemptOutcome {
    public RetryAt {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }
  }

  /** Failed, and the retry period is over: no more attempts. */
  record GaveUp(Integer status, String error, Instant at) implements AttemptOutcome {
    public GaveUp {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The receiver answered 410 Gone: this delivery stops, and so does its target (the endpoint is
   * disabled; for a callback URL, the job's other deliveries stop and none are made for it again).
   */
  record Gone(Instant at) implements AttemptOutcome {
    public Gone {
      Objects.requireNonNull(at, "at");
    }

    @Override
    public Integer status() {
      return 410;
    }
  }
}
