package dev.videoagent.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * How long jobs took from acceptance to completion, as weights over fixed, logarithmically spaced
 * buckets: {@value #BUCKETS} buckets growing by {@value #RATIO} from {@value #FIRST_EDGE_SECONDS}
 * s, so that 10 s and 2 h are both told apart to within 10 %, in a bounded, small record. Older
 * samples weigh less: each new one multiplies the weights before it by {@link #KEEP}, so the
 * history follows the gateway as it speeds up or slows down (about the last {@value #WINDOW} jobs
 * of a kind count).
 *
 * <p>Durations between the recorded samples are read as spread evenly inside their bucket, which
 * gives a continuous distribution that quantiles can be read off.
 */
public final class DurationHistogram {
  public static final int BUCKETS = 80;
  public static final double RATIO = 1.1;
  public static final double FIRST_EDGE_SECONDS = 10.0;
  public static final int WINDOW = 500;

  /** What every earlier weight is multiplied by when a sample is added. */
  public static final double KEEP = 1.0 - 1.0 / WINDOW;

  private static final DurationHistogram EMPTY = new DurationHistogram(new double[BUCKETS]);

  private final double[] weights;
  private final double total;

  private DurationHistogram(double[] weights) {
    this.weights = weights;
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("bucket weights are finite and not negative");
      }
      sum += w;
    }
    this.total = sum;
  }

  public static DurationHistogram empty() {
    return EMPTY;
  }

  /** A histogram of these bucket weights (a copy is kept). */
  public static DurationHistogram of(double[] weights) {
    if (weights.length != BUCKETS) {
      throw new IllegalArgumentException("a duration histogram has " + BUCKETS + " buckets");
    }
    return new DurationHistogram(weights.clone());
  }

  /** The bucket a duration falls in: the first and the last also hold what lies beyond them. */
  public static int bucketOf(Duration duration) {
    double seconds = Math.max(duration.toMillis() / 1000.0, FIRST_EDGE_SECONDS);
    int bucket = (int) Math.floor(Math.log(seconds / FIRST_EDGE_SECONDS) / Math.log(RATIO));
    return Math.max(0, Math.min(BUCKETS - 1, bucket));
  }

  /** The same history with one more sample, the earlier ones decayed by {@link #KEEP}. */
  public DurationHistogram with(Duration sample) {
    double[] next = new double[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      next[b] = weights[b] * KEEP;
    }
    next[bucketOf(sample)] += 1.0;
    return new DurationHistogram(next);
  }

  /** The weights of the buckets (a copy). */
  public double[] weights() {
    return weights.clone();
  }

  /** The decayed number of samples: what a decision may rest on. */
  public double samples() {
    return total;
  }

  /** The share of jobs that took at most {@code seconds}. */
  public double cdf(double seconds) {
    if (total <= 0) {
      return 0;
    }
    double below = 0;
    for (int b = 0; b < BUCKETS; b++) {
      double low = lowEdge(b);
      double high = lowEdge(b + 1);
      if (seconds >= high) {
        below += weights[b];
      } else {
        if (seconds > low) {
          below += weights[b] * (seconds - low) / (high - low);
        }
        break;
      }
    }
    return Math.min(1.0, below / total);
  }

  /**
   * The duration that a share {@code p} of jobs took at most, in seconds; empty without samples.
   */
  public Optional<Double> quantile(double p) {
    if (total <= 0) {
      return Optional.empty();
    }
    double target = Math.max(0, Math.min(p, 1)) * total;
    double below = 0;
    for (int b = 0; b < BUCKETS; b++) {
      if (weights[b] > 0 && below + weights[b] >= target) {
        double low = lowEdge(b);
        double high = lowEdge(b + 1);
        return Optional.of(low + (high - low) * (target - below) / weights[b]);
      }
      below += weights[b];
    }
    return Optional.of(lowEdge(BUCKETS));
  }

  /**
   * The duration at which a share {@code p} of the jobs still running after {@code elapsed} seconds
   * will have finished, in seconds; empty when the history holds none that ran that long.
   */
  public Optional<Double> conditionalQuantile(double elapsed, double p) {
    double done = cdf(elapsed);
    if (total <= 0 || done >= 1.0 - 1e-9) {
      return Optional.empty();
    }
    return quantile(done + (1.0 - done) * p).map(q -> Math.max(q, elapsed));
  }

  /** Where bucket {@code b} starts; bucket 0 is read as starting at 0. */
  private static double lowEdge(int b) {
    return b == 0 ? 0.0 : FIRST_EDGE_SECONDS * Math.pow(RATIO, b);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DurationHistogram h && Arrays.equals(weights, h.weights);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "DurationHistogram[samples=" + total + "]";
  }
}
