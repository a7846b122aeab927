package dev.videoagent.core.port;

import java.net.URI;

/** Fetches a finished video from the gateway's media URL into our {@link VideoStore}. */
public interface MediaDownloader {

  /**
   * Streams the video at {@code mediaUrl} into the store under {@code jobId}, computing its
   * checksum and size on the way. A partial or oversized body never becomes the stored video.
   */
  DownloadResult download(String jobId, URI mediaUrl);
}
