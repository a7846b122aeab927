package dev.videoagent.core.usecase;

import dev.videoagent.core.port.CallTokens;
import dev.videoagent.core.port.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket: at most {@code perSecond} gateway calls a second on average, with bursts up to
 * one second's worth. Thread-safe; callers wait for a token. A token is meant to be taken just
 * before a real call (see {@link RateLimitedGateway}), never for work that ends up making none. The
 * bucket is this process's own, or {@link #shared} by every process on one database.
 */
public final class CallRate {
  private final CallTokens tokens;
  private final Sleeper sleeper;
  private final AtomicLong granted = new AtomicLong();

  public CallRate(double perSecond) {
    this(perSecond, System::nanoTime, Sleeper.system());
  }

  CallRate(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this(new ProcessCallTokens(perSecond, nanoTime), sleeper);
  }

  private CallRate(CallTokens tokens, Sleeper sleeper) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** A rate whose tokens every process that shares {@code tokens} takes from. */
  public static CallRate shared(CallTokens tokens) {
    return new CallRate(tokens, Sleeper.system());
  }

  /**
   * Waits until a call is allowed and takes its token.
   *
   * @throws InterruptedException when interrupted while waiting; no token was taken
   * @throws RuntimeException when shared tokens cannot be reached; no token was taken
   */
  public void acquire() throws InterruptedException {
    acquireWithin(null);
  }

  /**
   * As {@link #acquire()}, giving up once the waits would add up to more than {@code patience}: a
   * caller that holds a claim must make its call before the claim runs out.
   *
   * @return whether a token was taken
   */
  public boolean acquire(Duration patience) throws InterruptedException {
    return acquireWithin(Objects.requireNonNull(patience, "patience"));
  }

  private boolean acquireWithin(Duration patience) throws InterruptedException {
    Duration waited = Duration.ZERO;
    while (true) {
      Duration wait = tryAcquire();
      if (wait.isZero()) {
        return true;
      }
      Duration nap = wait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : wait;
      waited = waited.plus(nap);
      if (patience != null && waited.compareTo(patience) > 0) {
        return false;
      }
      sleeper.sleep(nap);
    }
  }

  /** Takes a token if one is there; otherwise says how long until one will be. */
  Duration tryAcquire() {
    Duration wait = tokens.tryTake();
    if (wait.isZero()) {
      granted.incrementAndGet();
    }
    return wait;
  }

  /** Tokens handed out so far: one per gateway call made through this rate. */
  long granted() {
    return granted.get();
  }
}
