package dev.videoagent.core.usecase;

import dev.videoagent.core.port.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket: at most {@code perSecond} gateway calls a second on average, with bursts up to
 * one second's worth. Thread-safe; callers wait for a token. A token is meant to be taken just
 * before a real call (see {@link RateLimitedGateway}), never for work that ends up making none.
 */
public final class CallRate {
  private final double perSecond;
  private final double capacity;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final AtomicLong granted = new AtomicLong();
  private double tokens;
  private long lastRefillNanos;

  public CallRate(double perSecond) {
    this(perSecond, System::nanoTime, Sleeper.system());
  }

  CallRate(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be positive");
    }
    this.perSecond = perSecond;
    this.capacity = Math.max(1.0, perSecond);
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.tokens = capacity;
    this.lastRefillNanos = nanoTime.getAsLong();
  }

  /**
   * Waits until a call is allowed and takes its token.
   *
   * @throws InterruptedException when interrupted while waiting; no token was taken
   */
  public void acquire() throws InterruptedException {
    while (true) {
      Duration wait = tryAcquire();
      if (wait.isZero()) {
        return;
      }
      sleeper.sleep(wait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : wait);
    }
  }

  /** Takes a token if one is there; otherwise says how long until one will be. */
  synchronized Duration tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastRefillNanos) / 1e9 * perSecond);
    lastRefillNanos = now;
    if (tokens >= 1.0) {
      tokens -= 1.0;
      granted.incrementAndGet();
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) ((1.0 - tokens) / perSecond * 1e9));
  }

  /** Tokens handed out so far: one per gateway call made through this rate. */
  long granted() {
    return granted.get();
  }
}
