package dev.videoagent.core.usecase;

import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;

/**
 * A gateway whose every call first takes a token of a {@link CallRate}. Sitting in front of the
 * gateway itself, it spends tokens on real calls only: a job turned away by the in-flight cap, a
 * claim lost to another worker, a download or a crash recovery takes none.
 */
final class RateLimitedGateway implements VideoGateway {
  static final String STOPPING =
      "the call was not made: the process is stopping (interrupted while waiting for its turn)";

  private final VideoGateway gateway;
  private final CallRate rate;

  RateLimitedGateway(VideoGateway gateway, CallRate rate) {
    this.gateway = gateway;
    this.rate = rate;
  }

  @Override
  public SubmitResult submit(GatewaySubmission submission) {
    return turnTaken()
        ? gateway.submit(submission)
        : new SubmitResult.NotTaken(GatewayTrouble.UNAVAILABLE, STOPPING, null);
  }

  @Override
  public StatusResult readStatus(String gatewayRequestId) {
    return turnTaken()
        ? gateway.readStatus(gatewayRequestId)
        : new StatusResult.Unreadable(GatewayTrouble.UNAVAILABLE, STOPPING, null);
  }

  /**
   * Waits for a token. An interrupted wait is a call that was certainly not made: for a submit that
   * is "not taken", so the job stays pending, unbilled, and goes out later; never ambiguous.
   */
  private boolean turnTaken() {
    try {
      rate.acquire();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "RateLimited[" + gateway + "]";
  }
}
