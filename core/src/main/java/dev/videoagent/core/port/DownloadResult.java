package dev.videoagent.core.port;

import dev.videoagent.core.StoredContent;
import java.util.Objects;

/** How a download ended. */
public sealed interface DownloadResult {

  /** The video is in the store, verified. */
  record Stored(StoredContent content) implements DownloadResult {
    public Stored {
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * The media link answered {@code 403}/{@code 404}/{@code 410}: ask the gateway for a fresh one.
   */
  record Expired(int httpStatus) implements DownloadResult {}

  /**
   * Anything else: network trouble, a 5xx, a body over the size cap, a refused URL.
   *
   * @param permanent true when trying the same URL again cannot help (bad scheme, over the cap)
   */
  record Failed(String reason, boolean permanent) implements DownloadResult {}
}
