package dev.videoagent.embedded;

/**
 * The gateway refused the subscription key ({@code 401}/{@code 403}): a configuration fault, not a
 * property of any job. Jobs are kept, unsubmitted, and go on once the agent is built with a good
 * key ({@link VideoAgent.Builder#apiKey(String)}, {@code PIXAZO_API_KEY}). The message never
 * contains the key.
 *
 * <p>Thread-safe once thrown (immutable).
 */
public final class GatewayKeyRejectedException extends VideoAgentException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with the gateway's explanation.
   *
   * @param message a sentence naming the setting to check
   * @param cause the fault reported by the gateway client
   */
  public GatewayKeyRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
