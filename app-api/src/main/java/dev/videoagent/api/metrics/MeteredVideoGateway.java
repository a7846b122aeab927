package dev.videoagent.api.metrics;

import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;

/** Counts every gateway call by its outcome, then answers exactly as the real gateway did. */
final class MeteredVideoGateway implements VideoGateway {
  private final VideoGateway gateway;
  private final ServiceMetrics metrics;

  MeteredVideoGateway(VideoGateway gateway, ServiceMetrics metrics) {
    this.gateway = gateway;
    this.metrics = metrics;
  }

  @Override
  public SubmitResult submit(GatewaySubmission submission) {
    SubmitResult result;
    try {
      result = gateway.submit(submission);
    } catch (GatewayAuthenticationException e) {
      metrics.gatewayCall("submit", "unauthorized");
      throw e;
    } catch (RuntimeException e) {
      metrics.gatewayCall("submit", "error");
      throw e;
    }
    metrics.gatewayCall("submit", outcome(result));
    return result;
  }

  @Override
  public StatusResult readStatus(String gatewayRequestId) {
    StatusResult result;
    try {
      result = gateway.readStatus(gatewayRequestId);
    } catch (GatewayAuthenticationException e) {
      metrics.gatewayCall("status", "unauthorized");
      throw e;
    } catch (RuntimeException e) {
      metrics.gatewayCall("status", "error");
      throw e;
    }
    metrics.gatewayCall("status", outcome(result));
    return result;
  }

  static String outcome(SubmitResult result) {
    if (result instanceof SubmitResult.Accepted) {
      return "accepted";
    }
    if (result instanceof SubmitResult.NotTaken) {
      return "not_taken";
    }
    if (result instanceof SubmitResult.Rejected) {
      return "rejected";
    }
    return "ambiguous";
  }

  static String outcome(StatusResult result) {
    if (result instanceof StatusResult.Running) {
      return "running";
    }
    if (result instanceof StatusResult.Completed) {
      return "completed";
    }
    if (result instanceof StatusResult.Failed) {
      return "failed";
    }
    return "unreadable";
  }

  @Override
  public String toString() {
    return "Metered[" + gateway + "]";
  }
}
