package dev.videoagent.core.port;

/**
 * The gateway refused the subscription key ({@code 401}/{@code 403}). A configuration fault, not a
 * property of any job: the message names the setting and never contains the key.
 */
public final class GatewayAuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GatewayAuthenticationException(String message) {
    super(message);
  }
}
