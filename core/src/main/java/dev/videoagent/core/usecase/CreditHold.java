package dev.videoagent.core.usecase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds every submission back while the gateway account is out of credit ({@code 402}). That is
 * nobody's job's fault and nothing was billed, so no job fails for it: the jobs stay pending, in
 * line, and one probe submission goes out after a growing interval ({@link #FIRST_INTERVAL},
 * doubling up to {@link #LONGEST_INTERVAL}); the first probe the gateway takes lifts the hold.
 * Status reads and downloads of jobs the gateway already took go on meanwhile.
 *
 * <p>One per process, shared by every caller that submits (the tracker, waits, the library), so one
 * job's {@code 402} holds all of them back; each process on a shared database learns of it from its
 * own first {@code 402}.
 */
public final class CreditHold {
  public static final Duration FIRST_INTERVAL = Duration.ofSeconds(30);
  public static final Duration LONGEST_INTERVAL = Duration.ofMinutes(10);

  /**
   * How the hold stands.
   *
   * @param since when the first {@code 402} of this hold came
   * @param nextProbeAt when the next probe submission may go out
   * @param interval the wait before that probe
   * @param detail the gateway's words for the last {@code 402}
   */
  public record State(Instant since, Instant nextProbeAt, Duration interval, String detail) {
    public State {
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(nextProbeAt, "nextProbeAt");
      Objects.requireNonNull(interval, "interval");
    }
  }

  private final Clock clock;
  private State state;
  private boolean probing;

  public CreditHold(Clock clock) {
    this.clock = clock;
  }

  /** The hold, or empty when submissions may go out. */
  public synchronized Optional<State> state() {
    return Optional.ofNullable(state);
  }

  public synchronized boolean isHeld() {
    return state != null;
  }

  /** What a would-be submitter may do. */
  public enum Grant {
    /** No hold: send. */
    SEND,
    /**
     * Send, as the hold's one probe; report the outcome ({@link #outOfCredit}, {@link #credited}),
     * or {@link #probeAbandoned} when it was not sent after all.
     */
    PROBE,
    /** Held back: send nothing now. */
    HOLD
  }

  /** Whether a submission may be sent now: always without a hold, else once per interval. */
  public synchronized Grant grant() {
    if (state == null) {
      return Grant.SEND;
    }
    if (probing || clock.instant().isBefore(state.nextProbeAt())) {
      return Grant.HOLD;
    }
    probing = true;
    return Grant.PROBE;
  }

  /** Whether submissions are held back right now (a hold whose probe is not due, or under way). */
  public synchronized boolean holdsBack() {
    return state != null && (probing || clock.instant().isBefore(state.nextProbeAt()));
  }

  /**
   * How many of {@code free} submissions a round may pick: all without a hold, none while it holds
   * back, one when its probe is due.
   */
  static int submissionsAllowed(CreditHold hold, int free) {
    if (!hold.isHeld()) {
      return free;
    }
    return hold.holdsBack() ? 0 : Math.min(free, 1);
  }

  /**
   * The gateway answered {@code 402}: start the hold, or, when the answer was to the hold's probe,
   * double its interval. A {@code 402} to a submission that was sent before the hold began (several
   * go out at once) says nothing new: counting each of them would double the wait once per
   * submission in flight instead of once per failed probe.
   */
  public synchronized void outOfCredit(String detail, boolean answeredTheProbe) {
    Instant now = clock.instant();
    if (state == null) {
      probing = false;
      state = new State(now, now.plus(FIRST_INTERVAL), FIRST_INTERVAL, detail);
      return;
    }
    if (!answeredTheProbe) {
      state = new State(state.since(), state.nextProbeAt(), state.interval(), detail);
      return;
    }
    probing = false;
    Duration doubled = state.interval().multipliedBy(2);
    Duration interval = doubled.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : doubled;
    state = new State(state.since(), now.plus(interval), interval, detail);
  }

  /** A submission got an answer other than {@code 402}: the account has credit. */
  public synchronized void credited() {
    state = null;
    probing = false;
  }

  /** The probe this caller was granted was not sent (the cap, a lost claim): another may go. */
  public synchronized void probeAbandoned() {
    probing = false;
  }
}
