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
  static final String NO_TOKEN =
      "the call was not made: the shared call rate could not be read from the database";

  private final VideoGateway gateway;
  private final CallRate rate;

  RateLimitedGateway(VideoGateway gateway, CallRate rate) {
    this.gateway = gateway;
    this.rate = rate;
  }

  @Override
  public SubmitResult submit(GatewaySubmission submission) {
    String refusal = turnRefused();
    return refusal == null
        ? gateway.submit(submission)
        : new SubmitResult.NotTaken(GatewayTrouble.UNAVAILABLE, refusal, null);
  }

  @Override
  public StatusResult readStatus(String gatewayRequestId) {
    String refusal = turnRefused();
    return refusal == null
        ? gateway.readStatus(gatewayRequestId)
        : new StatusResult.Unreadable(GatewayTrouble.UNAVAILABLE, refusal, null);
  }

  /**
   * Waits for a token; null when one was taken, else why not. A wait that was interrupted or could
   * not reach the shared tokens is a call that was certainly not made: for a submit that is "not
   * taken", so the job stays pending, unbilled, and goes out later; never ambiguous.
   */
  private String turnRefused() {
    try {
      rate.acquire();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return STOPPING;
    } catch (RuntimeException unreachable) {
      return NO_TOKEN;
    }
  }

  @Override
  public String toString() {
    return "RateLimited[" + gateway + "]";
  }
}
