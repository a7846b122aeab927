package dev.videoagent.core.port;

import dev.videoagent.core.JobStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A status read, normalised: the gateway's words and field variants stay in the adapter. */
public sealed interface StatusResult {

  /** Not finished: {@code QUEUED} or {@code PROCESSING} (unknown words count as processing). */
  record Running(JobStatus status) implements StatusResult {
    public Running {
      if (!status.isWithGateway()) {
        throw new IllegalArgumentException("a running status is queued or processing");
      }
    }
  }

  /** Finished; the video can be fetched from {@code mediaUrl} until the link expires. */
  record Completed(URI mediaUrl) implements StatusResult {
    public Completed {
      Objects.requireNonNull(mediaUrl, "mediaUrl");
    }
  }

  /** The gateway says the job failed ({@code FAILED} or {@code ERROR}). */
  record Failed(String reason) implements StatusResult {}

  /** The gateway canceled the job ({@code CANCELLED} or {@code CANCELED}): nothing more comes. */
  record Canceled(String reason) implements StatusResult {}

  /** No usable answer this time; read again later. The job is not failed for it. */
  record Unreadable(GatewayTrouble trouble, String detail, Duration retryAfter)
      implements StatusResult {
    public Optional<Duration> retryAfterIfGiven() {
      return Optional.ofNullable(retryAfter);
    }
  }
}
