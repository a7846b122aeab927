package dev.videoagent.core.usecase;

import java.time.Duration;

/**
 * A token bucket: at most {@code perSecond} gateway calls a second on average, with bursts up to
 * one second's worth. Thread-safe; callers wait for a token.
 */
public final class CallRate {
  private final double perSecond;
  private final double capacity;
  private double tokens;
  private long lastRefillNanos;

  public CallRate(double perSecond) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be positive");
    }
    this.perSecond = perSecond;
    this.capacity = Math.max(1.0, perSecond);
    this.tokens = capacity;
    this.lastRefillNanos = System.nanoTime();
  }

  /** Waits until a call is allowed. */
  public void acquire() throws InterruptedException {
    while (true) {
      Duration wait = tryAcquire();
      if (wait.isZero()) {
        return;
      }
      Thread.sleep(Math.max(1, wait.toMillis()));
    }
  }

  /** Takes a token if one is there; otherwise says how long until one will be. */
  synchronized Duration tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefillNanos) / 1e9 * perSecond);
    lastRefillNanos = now;
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) ((1.0 - tokens) / perSecond * 1e9));
  }
}
