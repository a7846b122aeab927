package dev.videoagent.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A pending job whose submission ended ambiguously (or whose sender died mid-call) while the
 * gateway was asked to call back: until {@code until} a gateway callback may settle it by naming
 * the request the gateway made of it. The job keeps its attempt mark meanwhile, so it is never
 * submitted again by itself.
 *
 * @param until when the window closes; then the job ends {@code submission_unknown}
 * @param namedRequestId the request id a genuine callback named, to be read from the gateway before
 *     it is believed; {@code null} until a callback names one
 */
public record CallbackWindow(Instant until, String namedRequestId) {
  public CallbackWindow {
    Objects.requireNonNull(until, "until");
    if (namedRequestId != null && namedRequestId.isBlank()) {
      throw new IllegalArgumentException("a named request id is not blank");
    }
  }

  /**
   * The window of an attempt sent at {@code sentAt}: {@code length} long, closing at the job's
   * {@code deadline} at the latest.
   */
  public static CallbackWindow after(Instant sentAt, java.time.Duration length, Instant deadline) {
    Instant until = sentAt.plus(length);
    return new CallbackWindow(until.isAfter(deadline) ? deadline : until, null);
  }

  /** The same window, with the request id a callback named. */
  public CallbackWindow naming(String requestId) {
    return new CallbackWindow(until, requestId);
  }

  public boolean isOpen(Instant now) {
    return now.isBefore(until);
  }
}
