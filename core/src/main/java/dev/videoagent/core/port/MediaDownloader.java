package dev.videoagent.core.port;

import java.net.URI;

/** Fetches a finished video from the gateway's media URL into our {@link VideoStore}. */
public interface MediaDownloader {

  /**
   * Streams the video at {@code mediaUrl} into the store under {@code jobId}, computing its
   * checksum and size on the way. A partial or oversized body never becomes the stored video.
   *
   * @param stillGoing called as bytes arrive (often, so it must be cheap): the caller keeps its
   *     claim on the job for as long as the download makes progress
   */
  DownloadResult download(String jobId, URI mediaUrl, Runnable stillGoing);

  /** The same download, for a caller that holds no claim to keep. */
  default DownloadResult download(String jobId, URI mediaUrl) {
    return download(jobId, mediaUrl, () -> {});
  }
}
