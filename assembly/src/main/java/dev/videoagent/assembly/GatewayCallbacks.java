package dev.videoagent.assembly;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.CallbackAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The service's webhook route for a job, with its per-job token, under the public URL. */
final class GatewayCallbacks implements CallbackAddress {
  private final URI publicUrl;

  GatewayCallbacks(URI publicUrl) {
    this.publicUrl = publicUrl;
  }

  @Override
  public Optional<URI> forJob(VideoJob job) {
    String base = publicUrl.toString().replaceAll("/+$", "");
    return Optional.of(
        URI.create(
            base
                + "/v1/gateway-callbacks/"
                + job.id()
                + "?token="
                + URLEncoder.encode(job.callbackToken(), StandardCharsets.UTF_8)));
  }
}
