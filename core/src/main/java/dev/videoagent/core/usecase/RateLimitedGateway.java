package dev.videoagent.core.usecase;

import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import java.time.Duration;

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
  static final String NO_TURN =
      "the call was not made: no turn under the gateway call rate came while the job was claimed";

  private final VideoGateway gateway;
  private final CallRate rate;
  private final Duration patience;

  /**
   * @param patience how long a call may wait for its turn: well inside the claim it is made under,
   *     so that the call still ends before the claim does and no other worker can act meanwhile
   */
  RateLimitedGateway(VideoGateway gateway, CallRate rate, Duration patience) {
    this.gateway = gateway;
    this.rate = rate;
    this.patience = patience;
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
   * Waits for a token; null when one was taken, else why not. A wait that was interrupted, could
   * not reach the shared tokens or ran out of patience is a call that was certainly not made: for a
   * submit that is "not taken", so the job stays pending, unbilled, and goes out later; never
   * ambiguous.
   */
  private String turnRefused() {
    try {
      return rate.acquire(patience) ? null : NO_TURN;
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
