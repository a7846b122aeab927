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

  /**
   * An interrupted wait for a token is a submission that was certainly not sent: "not taken", so
   * the job stays pending, unbilled, and goes out later; never ambiguous.
   */
  @Override
  public SubmitResult submit(GatewaySubmission submission) {
    try {
      rate.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SubmitResult.NotTaken(GatewayTrouble.UNAVAILABLE, STOPPING, null);
    }
    return gateway.submit(submission);
  }

  @Override
  public StatusResult readStatus(String gatewayRequestId) {
    try {
      rate.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StatusResult.Unreadable(GatewayTrouble.UNAVAILABLE, STOPPING, null);
    }
    return gateway.readStatus(gatewayRequestId);
  }

  @Override
  public String toString() {
    return "RateLimited[" + gateway + "]";
  }
}
