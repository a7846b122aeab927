package dev.videoagent.core.port;

import dev.videoagent.core.VideoRequest;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to the gateway's submit endpoint.
 *
 * @param request what to generate
 * @param webhookUrl where the gateway should call back, or {@code null} to be polled
 */
public record GatewaySubmission(VideoRequest request, URI webhookUrl) {
  public GatewaySubmission {
    Objects.requireNonNull(request, "request");
  }

  public Optional<URI> webhookUrlIfSet() {
    return Optional.ofNullable(webhookUrl);
  }
}
