package dev.videoagent.embedded;

import dev.videoagent.embedded.internal.Mapping;
import java.time.Duration;
import java.util.Objects;

/**
 * How the in-process gateway sandbox of {@link VideoAgent.Builder#sandbox(SandboxOptions)} behaves:
 * how long its jobs take, which prompts fail, and the trouble it makes on purpose, so that a host's
 * tests can see what its code does when the gateway misbehaves. Each chance is drawn from one
 * random sequence seeded with {@link #seed()}, so a test run is reproducible.
 *
 * <p>Immutable and thread-safe; start from {@link #defaults()}.
 *
 * @param completionDelay how long a job takes from submission to its final status (queued for the
 *     first third, processing for the rest); zero or more
 * @param failMarker a prompt containing this text ends {@code FAILED}; not empty
 * @param rateLimitRate chance a submit is refused with {@code 429} (not taken, tried again later)
 * @param retryAfterSeconds the {@code Retry-After} of those refusals
 * @param unavailableRate chance a submit is refused with {@code 503} (not taken)
 * @param ambiguousRate chance a submit is taken (and would be billed) but answered {@code 500}: the
 *     job ends {@link VideoError.Code#SUBMISSION_UNKNOWN}
 * @param statusFailureRate chance a status read fails (the job is read again later)
 * @param slowRate chance an answer is held back by {@code slowDelay}
 * @param slowDelay how long a slow answer is held back
 * @param down whether every call fails with {@code 503}
 * @param mediaExpiredFirstFetches how many first fetches of a finished video answer {@code 404}
 * @param mediaLinkMaxAge video links older than this answer {@code 403}, or {@code null} for links
 *     that never expire
 * @param seed the seed of the random draws
 */
public record SandboxOptions(
    Duration completionDelay,
    String failMarker,
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
    long seed) {

  /**
   * Checks every value.
   *
   * @param completionDelay how long a job takes; zero or more
   * @param failMarker the text that makes a prompt fail; not empty
   * @param rateLimitRate chance a submit is refused with {@code 429}, 0 to 1
   * @param retryAfterSeconds the {@code Retry-After} of those refusals, 0 or more
   * @param unavailableRate chance a submit is refused with {@code 503}, 0 to 1
   * @param ambiguousRate chance a submit is taken but answered {@code 500}, 0 to 1
   * @param statusFailureRate chance a status read fails, 0 to 1
   * @param slowRate chance an answer is held back, 0 to 1
   * @param slowDelay how long a slow answer is held back, zero or more
   * @param down whether every call fails with {@code 503}
   * @param mediaExpiredFirstFetches first fetches of a finished video that answer {@code 404}
   * @param mediaLinkMaxAge the age at which video links answer {@code 403}, or {@code null}
   * @param seed the seed of the random draws
   * @throws IllegalArgumentException naming the value that is out of range (a chance outside 0 to
   *     1, the submit chances adding up to more than 1, a negative delay, an empty fail marker)
   * @throws NullPointerException when {@code completionDelay}, {@code failMarker} or {@code
   *     slowDelay} is null
   */
  public SandboxOptions {
    Objects.requireNonNull(completionDelay, "completionDelay");
    Objects.requireNonNull(failMarker, "failMarker");
    Objects.requireNonNull(slowDelay, "slowDelay");
    Mapping.sandbox(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * A well-behaved sandbox: jobs take 4 seconds, a prompt containing {@code [fail]} fails, no
   * trouble.
   *
   * @return the defaults
   */
  public static SandboxOptions defaults() {
    return new SandboxOptions(
        Duration.ofSeconds(4),
        "[fail]",
        0,
        1,
        0,
        0,
        0,
        0,
        Duration.ZERO,
        false,
        0,
        null,
        20_240_601L);
  }

  /**
   * @param value how long a job takes; zero or more
   * @return a copy with that delay
   */
  public SandboxOptions withCompletionDelay(Duration value) {
    return new SandboxOptions(
        value,
        failMarker,
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
        seed);
  }

  /**
   * @param value the text that makes a prompt fail; not empty
   * @return a copy with that marker
   */
  public SandboxOptions withFailMarker(String value) {
    return new SandboxOptions(
        completionDelay,
        value,
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
        seed);
  }

  /**
   * @param rate chance a submit is refused with {@code 429}, 0 to 1
   * @param retryAfter the {@code Retry-After} seconds of those refusals, 0 or more
   * @return a copy with that trouble
   */
  public SandboxOptions withRateLimit(double rate, int retryAfter) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
        rate,
        retryAfter,
        unavailableRate,
        ambiguousRate,
        statusFailureRate,
        slowRate,
        slowDelay,
        down,
        mediaExpiredFirstFetches,
        mediaLinkMaxAge,
        seed);
  }

  /**
   * @param rate chance a submit is refused with {@code 503}, 0 to 1
   * @return a copy with that trouble
   */
  public SandboxOptions withUnavailableRate(double rate) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * @param rate chance a submit is taken but answered {@code 500}, 0 to 1
   * @return a copy with that trouble
   */
  public SandboxOptions withAmbiguousRate(double rate) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * @param rate chance a status read fails, 0 to 1
   * @return a copy with that trouble
   */
  public SandboxOptions withStatusFailureRate(double rate) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * @param rate chance an answer is held back, 0 to 1
   * @param delay how long, zero or more
   * @return a copy with that trouble
   */
  public SandboxOptions withSlowAnswers(double rate, Duration delay) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * @param value whether every call fails with {@code 503}
   * @return a copy with that trouble
   */
  public SandboxOptions withDown(boolean value) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * @param fetches how many first fetches of a finished video answer {@code 404}, 0 or more
   * @return a copy with that trouble
   */
  public SandboxOptions withMediaExpiredFirstFetches(int fetches) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * @param maxAge video links older than this answer {@code 403}; positive, or {@code null} for
   *     links that never expire
   * @return a copy with that trouble
   */
  public SandboxOptions withMediaLinkMaxAge(Duration maxAge) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        seed);
  }

  /**
   * @param value the seed of the random draws
   * @return a copy with that seed
   */
  public SandboxOptions withSeed(long value) {
    return new SandboxOptions(
        completionDelay,
        failMarker,
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
        value);
  }
}
