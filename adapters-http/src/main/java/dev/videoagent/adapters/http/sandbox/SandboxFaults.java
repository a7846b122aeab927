package dev.videoagent.adapters.http.sandbox;

import java.time.Duration;

/**
 * The trouble the sandbox makes on purpose. Each probability is drawn from one {@link
 * java.util.Random} seeded with {@link #seed}, so a test run is reproducible; the sandbox starts a
 * fresh sequence whenever faults are set.
 *
 * @param rateLimitRate chance a submit is refused with {@code 429} and {@code Retry-After}
 * @param retryAfterSeconds the {@code Retry-After} of those 429s
 * @param unavailableRate chance a submit is refused with {@code 503} (not taken)
 * @param ambiguousRate chance a submit is <em>taken and billed</em> but answered with {@code 500}
 * @param statusFailureRate chance a status read fails: a {@code 500} HTML page or a {@code 200}
 *     with broken JSON (one or the other, drawn)
 * @param slowRate chance a submit or status answer is held back by {@link #slowDelay}
 * @param slowDelay how long a slow answer is held back (a slow submit is taken first)
 * @param down every call (submit, status, media) answers {@code 503}
 * @param mediaExpiredFirstFetches a completed job's first N media fetches answer {@code 404}
 * @param mediaLinkMaxAge when set, media links carry their issue time and answer {@code 403} once
 *     older than this; each status read hands out a fresh link
 * @param seed the seed of the random draws
 * @param ambiguousWithoutCallback an ambiguous {@code 500} (see {@link #ambiguousRate}) sends no
 *     webhook, as if the gateway lost it; other jobs still call back
 * @param outOfCredit every submit is refused with {@code 402} (the account is out of credits):
 *     nothing is taken or billed; status reads and media go on
 */
public record SandboxFaults(
    double rateLimitRate,
    int retryAfterSeconds,
    double unavailableRate,
    double ambiguousRate,
    double statusFailureRate,
    double slowRate,
    Duration slowDelay,
    boolean down,
    int mediaExpiredFirstFetches,
    Duration mediaLinkMaxAge,
    long seed,
    boolean ambiguousWithoutCallback,
    boolean outOfCredit) {

  public static final long DEFAULT_SEED = 20_240_601L;

  public SandboxFaults {
    rateLimitRate = probability("rateLimitRate", rateLimitRate);
    unavailableRate = probability("unavailableRate", unavailableRate);
    ambiguousRate = probability("ambiguousRate", ambiguousRate);
    statusFailureRate = probability("statusFailureRate", statusFailureRate);
    slowRate = probability("slowRate", slowRate);
    // One draw decides a submit's fate, so its three chances share the unit interval.
    if (rateLimitRate + unavailableRate + ambiguousRate > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "rateLimitRate + unavailableRate + ambiguousRate must not exceed 1.");
    }
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must not be negative.");
    }
    slowDelay = slowDelay == null ? Duration.ZERO : slowDelay;
    if (slowDelay.isNegative()) {
      throw new IllegalArgumentException("slowDelay must not be negative.");
    }
    if (mediaExpiredFirstFetches < 0) {
      throw new IllegalArgumentException("mediaExpiredFirstFetches must not be negative.");
    }
    if (mediaLinkMaxAge != null && (mediaLinkMaxAge.isNegative() || mediaLinkMaxAge.isZero())) {
      throw new IllegalArgumentException("mediaLinkMaxAge must be positive when set.");
    }
  }

  /** A well-behaved gateway. */
  public static SandboxFaults none() {
    return new SandboxFaults(
        0, 1, 0, 0, 0, 0, Duration.ZERO, false, 0, null, DEFAULT_SEED, false, false);
  }

  public SandboxFaults withRateLimit(double rate, int retryAfterSeconds) {
    return new SandboxFaults(
        rate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withUnavailableRate(double rate) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        rate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withAmbiguousRate(double rate) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        rate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withStatusFailureRate(double rate) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        rate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withSlowAnswers(double rate, Duration delay) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        rate,
        delay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withDown(boolean value) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        value,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withMediaExpiredFirstFetches(int fetches) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        fetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withMediaLinkMaxAge(Duration maxAge) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        maxAge,
        seed,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  public SandboxFaults withSeed(long value) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        value,
        ambiguousWithoutCallback,
        outOfCredit);
  }

  /** Ambiguous {@code 500}s send no webhook ({@code true}), or call back like every job. */
  public SandboxFaults withAmbiguousWithoutCallback(boolean value) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        value,
        outOfCredit);
  }

  /** Every submit answers {@code 402} (out of credits) while {@code value} is true. */
  public SandboxFaults withOutOfCredit(boolean value) {
    return new SandboxFaults(
        rateLimitRate,
        retryAfterSeconds,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed,
        ambiguousWithoutCallback,
        value);
  }

  private static double probability(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1 (got " + value + ").");
    }
    return value;
  }
}
