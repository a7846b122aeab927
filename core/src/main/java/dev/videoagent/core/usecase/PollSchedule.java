package dev.videoagent.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * When to read a running job's status next: a first read a few seconds after submission, then
 * intervals growing geometrically up to a cap, each spread by a little jitter so that many jobs
 * submitted together do not read together. Pure: the same inputs give the same answer.
 *
 * <p>With the defaults a job is read at about 5 s, 12 s, 24 s, 41 s, 66 s, 104 s, then every 60 s:
 * a 10-minute job costs about 15 reads where a fixed 5-second poller pays 120.
 *
 * @param first delay before the first read
 * @param growth factor between one interval and the next (at least 1)
 * @param cap the longest interval
 * @param jitter the spread, as a fraction of the interval (0 to 0.5): 0.1 means ±10 %
 */
public record PollSchedule(Duration first, double growth, Duration cap, double jitter) {

  public PollSchedule {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(cap, "cap");
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first must be positive");
    }
    if (cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("cap must not be shorter than first");
    }
    if (!(growth >= 1.0) || Double.isInfinite(growth)) {
      throw new IllegalArgumentException("growth must be at least 1");
    }
    if (!(jitter >= 0.0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("jitter must be between 0 and 0.5");
    }
  }

  /** Polling when nobody will call us back. */
  public static PollSchedule polling() {
    return new PollSchedule(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(60), 0.1);
  }

  /**
   * The safety net for jobs whose gateway webhook is expected: rare reads, in case it never comes.
   */
  public static PollSchedule safetyNet() {
    return new PollSchedule(Duration.ofMinutes(2), 2.0, Duration.ofMinutes(10), 0.1);
  }

  /**
   * The wait before the next read.
   *
   * @param readsSoFar status reads already made for this attempt (0 right after submission)
   * @param random a number in [0, 1), drawn by the caller
   */
  public Duration delayAfter(int readsSoFar, double random) {
    if (readsSoFar < 0) {
      throw new IllegalArgumentException("readsSoFar must not be negative");
    }
    double base = first.toMillis() * Math.pow(growth, readsSoFar);
    double capped = Math.min(base, cap.toMillis());
    double spread = 1.0 + jitter * (2.0 * clamp(random) - 1.0);
    return Duration.ofMillis(Math.round(capped * spread));
  }

  private static double clamp(double random) {
    return Math.max(0.0, Math.min(random, 1.0));
  }
}
