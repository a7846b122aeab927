package dev.videoagent.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How tracking stands, measured from the job database when asked ({@link
 * VideoAgent#trackerStatus()}): whether due jobs keep moving, and the figures behind the verdict.
 * The same figures the videoagent service shows on {@code /health} and {@code /metrics}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param measuredAt when the figures were read
 * @param tracking whether this agent's background tracker runs ({@link VideoAgent#start()})
 * @param health whether tracking keeps up
 * @param reason why {@code health} is not {@link Health#OK}, as a sentence, or {@code null}
 * @param busy jobs this agent's tracker is working on right now
 * @param lag how late the most overdue job that needs no in-flight slot is (status reads,
 *     downloads, deadlines); zero when none is due. Jobs waiting for a slot are {@code queueDepth}
 * @param queueDepth pending jobs not yet sent to the gateway, waiting for a slot
 * @param inFlight jobs the gateway holds (or may hold), across every process on the database
 * @param maxInFlight the in-flight cap ({@link VideoAgent.Builder#maxInFlight(int)})
 * @param lastProgressAt when this agent's tracker last advanced a job, or {@code null}
 * @param lastTrouble the last thing that went wrong while tracking, or {@code null}
 * @param lastTroubleAt when that was, or {@code null}
 * @param outOfCreditRetryAt while the gateway account is out of credit ({@link
 *     Health#OUT_OF_CREDIT}): when the next submission is tried; {@code null} otherwise
 */
public record TrackerStatus(
    Instant measuredAt,
    boolean tracking,
    Health health,
    String reason,
    int busy,
    Duration lag,
    long queueDepth,
    long inFlight,
    int maxInFlight,
    Instant lastProgressAt,
    String lastTrouble,
    Instant lastTroubleAt,
    Instant outOfCreditRetryAt) {

  /**
   * Checks that no required part is missing.
   *
   * @param measuredAt when the figures were read
   * @param tracking whether this agent's background tracker runs
   * @param health whether tracking keeps up
   * @param reason why {@code health} is not {@link Health#OK}, or {@code null}
   * @param busy jobs this agent's tracker is working on right now
   * @param lag how late the most overdue job that needs no in-flight slot is
   * @param queueDepth pending jobs waiting for a slot
   * @param inFlight jobs the gateway holds, across every process on the database
   * @param maxInFlight the in-flight cap
   * @param lastProgressAt when this agent's tracker last advanced a job, or {@code null}
   * @param lastTrouble the last thing that went wrong while tracking, or {@code null}
   * @param lastTroubleAt when that was, or {@code null}
   * @param outOfCreditRetryAt when the next submission is tried while the account is out of credit,
   *     or {@code null}
   * @throws NullPointerException when {@code measuredAt}, {@code health} or {@code lag} is null
   */
  public TrackerStatus {
    Objects.requireNonNull(measuredAt, "measuredAt");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(lag, "lag");
  }

  /** Whether tracking keeps up. */
  public enum Health {
    /** Due jobs move. */
    OK,
    /** Jobs move, but the most overdue one is more than two minutes late. */
    FALLING_BEHIND,
    /** Jobs could move (due work, or a free slot and a job waiting for it), and none has lately. */
    STALLED,
    /**
     * The gateway answered {@code 402}: the account is out of credits. Nothing was billed and no
     * job fails for it; every submission is held back and one is tried again after a growing
     * interval (30 s doubling to 10 min), and they resume by themselves once the account has
     * credit. Jobs the gateway took go on.
     */
    OUT_OF_CREDIT;

    /**
     * The lower-case name the service uses on {@code /health}.
     *
     * @return for example {@code "falling_behind"}
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Tells whether due jobs keep moving.
   *
   * @return true when {@link #health()} is {@link Health#OK}
   */
  public boolean isOk() {
    return health == Health.OK;
  }

  /**
   * Why tracking does not keep up.
   *
   * @return the reason, or empty when {@link #isOk()}
   */
  public Optional<String> reasonIfAny() {
    return Optional.ofNullable(reason);
  }

  /**
   * When this agent's tracker last advanced a job.
   *
   * @return the instant, or empty when it never did
   */
  public Optional<Instant> lastProgressIfAny() {
    return Optional.ofNullable(lastProgressAt);
  }

  /**
   * The last thing that went wrong while tracking.
   *
   * @return a sentence, or empty when nothing did
   */
  public Optional<String> lastTroubleIfAny() {
    return Optional.ofNullable(lastTrouble);
  }
}
