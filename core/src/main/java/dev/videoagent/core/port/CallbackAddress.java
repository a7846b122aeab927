package dev.videoagent.core.port;

import dev.videoagent.core.VideoJob;
import java.net.URI;
import java.util.Optional;

/**
 * Where the gateway can reach us for a job's webhook, when we are reachable at all (a service with
 * a public URL). Empty means the job is tracked by polling.
 */
@FunctionalInterface
public interface CallbackAddress {
  Optional<URI> forJob(VideoJob job);

  static CallbackAddress none() {
    return job -> Optional.empty();
  }
}
