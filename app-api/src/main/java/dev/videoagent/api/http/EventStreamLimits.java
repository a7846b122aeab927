package dev.videoagent.api.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What the live event streams may cost. A stream holds no thread while it waits (it is written
 * without blocking, from a small shared pool), only a connection and its buffers, so hundreds are
 * cheap; the caps keep one tenant, or a leak in a client, from taking every connection.
 *
 * @param heartbeat how often a comment line is sent on a quiet stream, well within the connection's
 *     idle time-out, so that proxies and the server keep it open and a gone client is noticed
 * @param retry the reconnection delay suggested to clients ({@code retry:})
 * @param maxStreams open streams in all; beyond it {@code 503}
 * @param maxStreamsPerTenant open streams of one tenant; beyond it {@code 429}
 */
public record EventStreamLimits(
    Duration heartbeat, Duration retry, int maxStreams, int maxStreamsPerTenant) {

  public EventStreamLimits {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(retry, "retry");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive");
    }
    if (maxStreams < 1 || maxStreamsPerTenant < 1) {
      throw new IllegalArgumentException("the stream caps must be at least 1");
    }
  }

  public static EventStreamLimits defaults() {
    return new EventStreamLimits(Duration.ofSeconds(15), Duration.ofSeconds(3), 1000, 250);
  }
}
