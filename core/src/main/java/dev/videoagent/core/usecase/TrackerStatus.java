package dev.videoagent.core.usecase;

import dev.videoagent.core.port.WorkBacklog;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How tracking stands, measured from the database and the tracker's own record of progress: what
 * {@code /health}, the metrics and the library's status report.
 *
 * @param measuredAt when the figures were read
 * @param running whether this process's tracker runs
 * @param busy jobs this tracker is working on right now
 * @param lag how late the most overdue job that needs no in-flight slot is (zero when none is due);
 *     pending jobs waiting for a slot do not count: they are {@code waitingForSlot}
 * @param waitingForSlot pending jobs not yet sent (the submission queue)
 * @param inFlight slots in use under the cap, across every process on the database
 * @param maxInFlight the cap
 * @param lastProgressAt when this tracker last advanced a job, or {@code null} if it never did
 * @param lastTrouble the last thing that went wrong while tracking, or {@code null}
 * @param gatewayTrouble why the gateway cannot be used right now (a refused key), or {@code null}
 * @param creditHold how the hold on submissions stands while the gateway account is out of credit,
 *     or {@code null} when there is none
 * @param health whether tracking keeps up
 * @param reason a sentence saying why {@code health} is not {@code OK}, or {@code null}
 */
public record TrackerStatus(
    Instant measuredAt,
    boolean running,
    int busy,
    Duration lag,
    long waitingForSlot,
    long inFlight,
    int maxInFlight,
    Instant lastProgressAt,
    Trouble lastTrouble,
    String gatewayTrouble,
    CreditHold.State creditHold,
    Health health,
    String reason) {

  /**
   * Lag above this is falling behind. A healthy tracker keeps the most overdue job seconds late
   * (the shortest planned wait is 5 s, due work is bounded by the in-flight cap); two minutes is
   * far beyond that, and shorter than the 3-minute claim lease, so a stuck tracker shows before a
   * dead process's jobs would even come due again.
   */
  public static final Duration FALLING_BEHIND_AFTER = Duration.ofMinutes(2);

  /**
   * Work that can move (due work, or a due submission with a free slot) and no job advanced for
   * this long: the tracker is stalled. Longer than any single gateway call may take by default (60
   * s), so one slow call is not a stall.
   */
  public static final Duration STALLED_AFTER = Duration.ofSeconds(90);

  /** Whether tracking keeps up. */
  public enum Health {
    /** Due jobs move. */
    OK,
    /** Jobs move, but the most overdue one is later than {@link #FALLING_BEHIND_AFTER}. */
    FALLING_BEHIND,
    /** Jobs could move and none has for {@link #STALLED_AFTER}. */
    STALLED,
    /**
     * The gateway account is out of credit ({@code 402}): every submission is held back and tried
     * again after a growing interval; jobs the gateway took go on.
     */
    OUT_OF_CREDIT
  }

  /** Something that went wrong while tracking, and when. */
  public record Trouble(String message, Instant at) {
    public Trouble {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(at, "at");
    }
  }

  public TrackerStatus {
    Objects.requireNonNull(measuredAt, "measuredAt");
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(health, "health");
  }

  /**
   * Judges the figures. Pure, so tests drive it through any story of clocks.
   *
   * @param trackingSince when this tracker started, or {@code null} when it never ran
   * @param lastProgressAt when it last advanced a job, or {@code null}
   */
  public static TrackerStatus assess(
      Instant now,
      boolean running,
      int busy,
      WorkBacklog backlog,
      int maxInFlight,
      Instant trackingSince,
      Instant lastProgressAt,
      Trouble lastTrouble,
      String gatewayTrouble) {
    return assess(
        now,
        running,
        busy,
        backlog,
        maxInFlight,
        trackingSince,
        lastProgressAt,
        lastTrouble,
        gatewayTrouble,
        null);
  }

  /**
   * As above, with the hold on submissions ({@code null}: none): while it holds, due submissions
   * cannot move, and the verdict says the account is out of credit.
   */
  public static TrackerStatus assess(
      Instant now,
      boolean running,
      int busy,
      WorkBacklog backlog,
      int maxInFlight,
      Instant trackingSince,
      Instant lastProgressAt,
      Trouble lastTrouble,
      String gatewayTrouble,
      CreditHold.State creditHold) {
    Duration lag =
        backlog.earliestDueWorkIfAny().map(due -> lateness(due, now)).orElse(Duration.ZERO);
    Instant movableSince = backlog.earliestDueWork();
    if (creditHold == null
        && backlog.inFlight() < maxInFlight
        && backlog.earliestDueSubmission() != null) {
      movableSince = earlier(movableSince, backlog.earliestDueSubmission());
    }
    Health health = Health.OK;
    String reason = null;
    if (running && movableSince != null && trackingSince != null) {
      // Quiet since the later of: the work became movable, the tracker started, the last progress.
      Instant quietSince = later(later(movableSince, trackingSince), lastProgressAt);
      Duration quiet = lateness(quietSince, now);
      if (quiet.compareTo(STALLED_AFTER) > 0) {
        health = Health.STALLED;
        reason =
            "Due jobs have not moved for "
                + quiet.toSeconds()
                + " s: the most overdue job is "
                + lag.toSeconds()
                + " s late, "
                + backlog.waitingForSlot()
                + " wait for a slot, "
                + backlog.inFlight()
                + " of "
                + maxInFlight
                + " slots are in use"
                + (gatewayTrouble == null ? "." : " (" + gatewayTrouble + ").");
      }
    }
    if (health == Health.OK && lag.compareTo(FALLING_BEHIND_AFTER) > 0) {
      health = Health.FALLING_BEHIND;
      reason =
          "Tracking is falling behind: the most overdue job is "
              + lag.toSeconds()
              + " s late (more than "
              + FALLING_BEHIND_AFTER.toSeconds()
              + " s)"
              + (running ? "." : ", and this process's tracker is not running.");
    }
    if (health == Health.OK && creditHold != null) {
      health = Health.OUT_OF_CREDIT;
      reason =
          "The gateway account is out of credit (HTTP 402"
              + (creditHold.detail() == null ? "" : ": " + creditHold.detail())
              + ") since "
              + creditHold.since()
              + ": nothing was billed, "
              + backlog.waitingForSlot()
              + " jobs wait, and the next submission is tried at "
              + creditHold.nextProbeAt()
              + "; they resume by themselves once the account has credit.";
    }
    return new TrackerStatus(
        now,
        running,
        busy,
        lag,
        backlog.waitingForSlot(),
        backlog.inFlight(),
        maxInFlight,
        lastProgressAt,
        lastTrouble,
        gatewayTrouble,
        creditHold,
        health,
        reason);
  }

  public boolean isOk() {
    return health == Health.OK;
  }

  public Optional<String> reasonIfAny() {
    return Optional.ofNullable(reason);
  }

  public Optional<Instant> lastProgressIfAny() {
    return Optional.ofNullable(lastProgressAt);
  }

  public Optional<CreditHold.State> creditHoldIfAny() {
    return Optional.ofNullable(creditHold);
  }

  public Optional<Trouble> lastTroubleIfAny() {
    return Optional.ofNullable(lastTrouble);
  }

  private static Duration lateness(Instant since, Instant now) {
    Duration late = Duration.between(since, now);
    return late.isNegative() ? Duration.ZERO : late;
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
