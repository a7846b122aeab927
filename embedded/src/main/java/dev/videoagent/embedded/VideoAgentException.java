package dev.videoagent.embedded;

/**
 * A {@link VideoAgent} call could not be carried out. This class itself stands for faults of the
 * infrastructure (the database did not answer, a stored video could not be read, the agent was
 * closed while waiting); its subclasses name the expected cases a caller may want to handle: {@link
 * VideoNotFoundException}, {@link VideoStateException}, {@link VideoTimeoutException}, {@link
 * IdempotencyKeyConflictException}, {@link GatewayKeyRejectedException} and {@link
 * DailyLimitReachedException}.
 *
 * <p>Invalid input is reported separately, as an {@link InvalidVideoRequestException} (an {@link
 * IllegalArgumentException}).
 */
public class VideoAgentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and the fault behind it.
   *
   * @param message a sentence saying what could not be done
   * @param cause the underlying fault, or {@code null}
   */
  public VideoAgentException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * An exception with a message only.
   *
   * @param message a sentence saying what could not be done
   */
  public VideoAgentException(String message) {
    super(message);
  }
}
