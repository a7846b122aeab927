package dev.videoagent.core.usecase;

import dev.videoagent.core.port.CallTokens;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A token bucket in this process's memory: {@code perSecond} tokens a second, holding up to one
 * second's worth (at least one). For a process alone on its database, and for tests.
 */
final class ProcessCallTokens implements CallTokens {
  private final double perSecond;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastRefillNanos;

  ProcessCallTokens(double perSecond, LongSupplier nanoTime) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be positive");
    }
    this.perSecond = perSecond;
    this.capacity = Math.max(1.0, perSecond);
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.tokens = capacity;
    this.lastRefillNanos = nanoTime.getAsLong();
  }

  @Override
  public synchronized Duration tryTake() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastRefillNanos) / 1e9 * perSecond);
    lastRefillNanos = now;
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return Duration.ZERO;
    }
    // At least a nanosecond: zero would read as a token taken.
    return Duration.ofNanos(Math.max(1L, (long) ((1.0 - tokens) / perSecond * 1e9)));
  }
}
