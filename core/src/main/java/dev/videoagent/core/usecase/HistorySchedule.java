package dev.videoagent.core.usecase;

import dev.videoagent.core.DurationHistogram;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When to read a running job, what to expect of it and when to call it stalled, told by how long
 * jobs like it took (a {@link DurationHistogram}). Pure: the same inputs give the same answer.
 *
 * <p>Polled jobs are read little where completion is unlikely and more where it is likely: the
 * first read at the {@code startQuantile} of the history (before it almost no job finishes), then
 * steps that are the shortest of a share of the time already waited ({@code relativeStep}: a job is
 * never found done much later than a share of its own duration), the time by which a share {@code
 * conditionalStep} of the jobs still running will have finished, and {@code cap}. Past the
 * history's {@code tailQuantile} the fall-back schedule's cap applies, as it does with fewer than
 * {@code minSamples} samples, when the fall-back schedule is used as it is.
 *
 * <p>Jobs whose webhook is expected are read only in case it never comes: first at {@code
 * tailQuantile} × {@code safetyFactor}, then at growing intervals up to the safety net's cap.
 *
 * @param minSamples samples a history needs before it is believed (decayed count)
 * @param startQuantile the share of jobs done by the first read
 * @param relativeStep the longest step as a share of the time waited so far
 * @param conditionalStep the share of the still-running jobs that may finish within one step
 * @param cap the longest step inside the history's range
 * @param tailQuantile where the history's range ends, for reads and stalls
 * @param safetyFactor how far past the tail a lost webhook is looked for first
 * @param stallFactor how far past the tail a status that has not moved counts as stalled
 * @param stallFloor the shortest stall bound, whatever the history says
 * @param stallWithoutHistory the stall bound while no history is believed
 * @param jitter the spread of each step, as a fraction (0 to 0.5)
 */
public record HistorySchedule(
    double minSamples,
    double startQuantile,
    double relativeStep,
    double conditionalStep,
    Duration cap,
    double tailQuantile,
    double safetyFactor,
    double stallFactor,
    Duration stallFloor,
    Duration stallWithoutHistory,
    double jitter) {

  public HistorySchedule {
    Objects.requireNonNull(cap, "cap");
    Objects.requireNonNull(stallFloor, "stallFloor");
    Objects.requireNonNull(stallWithoutHistory, "stallWithoutHistory");
    if (!(minSamples >= 1)) {
      throw new IllegalArgumentException("minSamples must be at least 1");
    }
    for (double share : new double[] {startQuantile, relativeStep, conditionalStep, tailQuantile}) {
      if (!(share > 0 && share < 1)) {
        throw new IllegalArgumentException("quantiles and steps are shares between 0 and 1");
      }
    }
    if (!(safetyFactor >= 1) || !(stallFactor >= 1)) {
      throw new IllegalArgumentException("safetyFactor and stallFactor must be at least 1");
    }
    if (!positive(cap) || !positive(stallFloor) || !positive(stallWithoutHistory)) {
      throw new IllegalArgumentException("cap and stall bounds must be positive");
    }
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("jitter must be between 0 and 0.5");
    }
  }

  /** Tuned on the duration mix in docs/benchmarks.md ("History-aware tracking"). */
  public static HistorySchedule standard() {
    return new HistorySchedule(
        30,
        0.02,
        0.15,
        0.2,
        Duration.ofSeconds(30),
        0.99,
        1.5,
        3.0,
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        0.05);
  }

  /** A schedule that never believes a history: today's polling for everyone (for comparison). */
  public static HistorySchedule never() {
    return new HistorySchedule(
        Double.MAX_VALUE,
        0.05,
        0.15,
        0.2,
        Duration.ofSeconds(30),
        0.99,
        1.5,
        3.0,
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        0.05);
  }

  /** Whether {@code history} holds enough samples to act on. */
  public boolean believes(DurationHistogram history) {
    return history.samples() >= minSamples;
  }

  /**
   * The wait before the next read of a job polled for.
   *
   * @param elapsed since the gateway accepted the job ({@code null} when unknown)
   * @param readsSoFar status reads made for this attempt, for the fall-back schedule
   * @param fallback the schedule without history; its {@code first} is also the shortest step
   * @param random a number in [0, 1)
   */
  public Duration pollDelay(
      DurationHistogram history,
      Duration elapsed,
      int readsSoFar,
      PollSchedule fallback,
      double random) {
    if (elapsed == null || !believes(history)) {
      return fallback.delayAfter(readsSoFar, random);
    }
    double t = seconds(elapsed);
    double start = history.quantile(startQuantile).orElseThrow();
    double tail = history.quantile(tailQuantile).orElseThrow();
    double shortest = seconds(fallback.first());
    double step;
    // A first read that jitter put just short of the start is no reason for a second one there.
    if (start - t > shortest) {
      step = start - t;
    } else if (t >= tail) {
      step = seconds(fallback.cap());
    } else {
      double byShare =
          history.conditionalQuantile(t, conditionalStep).map(q -> q - t).orElse(Double.MAX_VALUE);
      step = Math.min(Math.min(relativeStep * t, seconds(cap)), byShare);
    }
    return spread(Math.max(step, shortest), random);
  }

  /**
   * The wait before the next read of a job whose webhook is expected: none until well past the
   * history's tail, then growing.
   */
  public Duration safetyNetDelay(
      DurationHistogram history,
      Duration elapsed,
      int readsSoFar,
      PollSchedule fallback,
      double random) {
    if (elapsed == null || !believes(history)) {
      return fallback.delayAfter(readsSoFar, random);
    }
    double t = seconds(elapsed);
    double firstLook = history.quantile(tailQuantile).orElseThrow() * safetyFactor;
    double step =
        t < firstLook
            ? firstLook - t
            : Math.min(Math.max(t * 0.5, seconds(fallback.first())), seconds(fallback.cap()));
    return spread(Math.max(step, 1.0), random);
  }

  /**
   * How long a job that has run {@code elapsed} should take in all: the median of the jobs like it
   * that ran at least that long. Empty without a believed history, or past everything it holds.
   */
  public Optional<Duration> expectedTotal(DurationHistogram history, Duration elapsed) {
    if (!believes(history)) {
      return Optional.empty();
    }
    return history
        .conditionalQuantile(seconds(elapsed), 0.5)
        .map(s -> Duration.ofMillis(Math.round(s * 1000)));
  }

  /** How long a gateway status may stay unmoved before the job counts as stalled. */
  public Duration stallAfter(DurationHistogram history) {
    if (!believes(history)) {
      return stallWithoutHistory;
    }
    double tail = history.quantile(tailQuantile).orElseThrow() * stallFactor;
    Duration bound = Duration.ofMillis(Math.round(tail * 1000));
    return bound.compareTo(stallFloor) < 0 ? stallFloor : bound;
  }

  private Duration spread(double seconds, double random) {
    double r = Math.max(0.0, Math.min(random, 1.0));
    return Duration.ofMillis(Math.round(seconds * 1000 * (1.0 + jitter * (2.0 * r - 1.0))));
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
