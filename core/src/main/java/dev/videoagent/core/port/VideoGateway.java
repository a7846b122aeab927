package dev.videoagent.core.port;

/**
 * The video generation service (HeyGen Video Agent behind the Pixazo gateway). Implementations
 * never retry a submission on their own: whether a retry can bill twice is the core's decision.
 */
public interface VideoGateway {

  /**
   * Sends one job. Answers with what is known about whether the gateway took it.
   *
   * @throws GatewayAuthenticationException when the gateway refuses the subscription key
   */
  SubmitResult submit(GatewaySubmission submission);

  /**
   * Reads the status of a job the gateway accepted. Never fails the job for a bad read: a read that
   * did not work is reported as {@link StatusResult.Unreadable}.
   *
   * @throws GatewayAuthenticationException when the gateway refuses the subscription key
   */
  StatusResult readStatus(String gatewayRequestId);
}
