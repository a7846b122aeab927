package dev.videoagent.adapters.http;

import java.time.Duration;

/**
 * How {@link HttpMediaDownloader} fetches videos.
 *
 * @param connectTimeout how long to wait for a connection, {@code null} for 10 s
 * @param requestTimeout how long to wait for each answer's headers, {@code null} for 60 s
 * @param stallTimeout the longest pause allowed between body bytes, {@code null} for 60 s
 * @param maxBytes the largest video accepted, 0 or less for {@link #DEFAULT_MAX_BYTES} (2 GiB)
 */
public record MediaDownloadConfig(
    Duration connectTimeout, Duration requestTimeout, Duration stallTimeout, long maxBytes) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;

  public MediaDownloadConfig {
    connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    requestTimeout = positiveOr(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "requestTimeout");
    stallTimeout = positiveOr(stallTimeout, DEFAULT_STALL_TIMEOUT, "stallTimeout");
    maxBytes = maxBytes <= 0 ? DEFAULT_MAX_BYTES : maxBytes;
  }

  public static MediaDownloadConfig defaults() {
    return new MediaDownloadConfig(null, null, null, 0);
  }

  public MediaDownloadConfig withMaxBytes(long value) {
    return new MediaDownloadConfig(connectTimeout, requestTimeout, stallTimeout, value);
  }

  public MediaDownloadConfig withTimeouts(Duration connect, Duration request, Duration stall) {
    return new MediaDownloadConfig(connect, request, stall, maxBytes);
  }

  private static Duration positiveOr(Duration value, Duration fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive (got " + value + ").");
    }
    return value;
  }
}
