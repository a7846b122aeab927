package dev.videoagent.cli;

import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.AdvanceDueJobs;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.CreditHold;
import dev.videoagent.core.usecase.WaitForJob;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waits for a job with {@link WaitForJob} (which advances the job itself: submit, read, download),
 * adding the command line's checks between its steps: a gateway that cannot be reached, a request
 * to stop, and a job stuck behind the in-flight cap (then it advances the other due jobs, which
 * frees slots even when no service runs).
 */
final class JobWaiter {
  /** The longest nap between steps, and so between the checks above. */
  static final Duration SLICE = Duration.ofSeconds(2);

  /**
   * Failed status reads in a row after which a failing TCP probe means "unreachable". A pending job
   * is probed after its first failed submit: there the probe is what tells a busy gateway (keep
   * waiting) from one that is not there (stop and say so).
   */
  static final int READ_FAILURES_BEFORE_PROBING = 3;

  private final WaitForJob waitForJob;
  private final AdvanceDueJobs advanceDueJobs;
  private final GatewayProbe probe;
  private final Clock clock;
  private final int inFlightCap;
  private final CreditHold credit;

  JobWaiter(
      WaitForJob waitForJob,
      AdvanceDueJobs advanceDueJobs,
      GatewayProbe probe,
      Clock clock,
      int inFlightCap,
      CreditHold credit) {
    this.credit = credit;
    this.waitForJob = waitForJob;
    this.advanceDueJobs = advanceDueJobs;
    this.probe = probe;
    this.clock = clock;
    this.inFlightCap = inFlightCap;
  }

  static JobWaiter of(Session session) {
    Settings settings = session.settings();
    return new JobWaiter(
        session.get(WaitForJob.class),
        session.get(AdvanceDueJobs.class),
        new GatewayProbe(settings),
        session.get(Clock.class),
        settings.maxInFlight(),
        session.get(AdvanceJob.class).creditHold());
  }

  /** How a wait ended. */
  sealed interface Outcome {
    /** Terminal, with its video stored if it completed (or the download given up). */
    record Settled(VideoJob job) implements Outcome {}

    /** The deadline passed or a stop was asked for; the job goes on. */
    record GaveUp(VideoJob job) implements Outcome {}

    /** The gateway's host does not accept connections; the job is kept for later. */
    record Unreachable(VideoJob job) implements Outcome {}

    /**
     * The gateway account is out of credit ({@code 402}): nothing was billed, the job stays pending
     * and goes out once the account has credit again.
     */
    record OutOfCredit(VideoJob job, CreditHold.State hold) implements Outcome {}

    record NotFound(String id) implements Outcome {}
  }

  /**
   * @param giveUpAt when to stop waiting, or {@code null} for never (the job's own deadline still
   *     ends it as {@code timed_out})
   * @param onChange told of each state seen
   * @param stop checked between steps; true ends the wait with {@link Outcome.GaveUp}
   */
  Outcome await(String id, Instant giveUpAt, Consumer<VideoJob> onChange, BooleanSupplier stop)
      throws InterruptedException {
    Checks checks = new Checks(onChange, stop);
    // A time already passed still looks once, so the caller gets the job as it stands.
    Duration timeout = giveUpAt == null ? null : Duration.between(clock.instant(), giveUpAt);
    WaitResult result = waitForJob.await(Access.operator(), id, timeout, checks);
    if (result instanceof WaitResult.NotFound) {
      return new Outcome.NotFound(id);
    }
    if (result instanceof WaitResult.Settled settled) {
      return new Outcome.Settled(settled.job());
    }
    VideoJob last =
        result instanceof WaitResult.Stopped stopped
            ? stopped.job()
            : ((WaitResult.TimedOut) result).job();
    if (checks.outOfCredit != null) {
      return new Outcome.OutOfCredit(last, checks.outOfCredit);
    }
    return checks.unreachable ? new Outcome.Unreachable(last) : new Outcome.GaveUp(last);
  }

  /** The command line's part of a wait, run on the waiting thread after each step. */
  private final class Checks implements WaitForJob.Hooks {
    private final Consumer<VideoJob> onChange;
    private final BooleanSupplier stop;
    private boolean unreachable;
    private CreditHold.State outOfCredit;

    Checks(Consumer<VideoJob> onChange, BooleanSupplier stop) {
      this.onChange = onChange;
      this.stop = stop;
    }

    @Override
    public void looked(VideoJob before, VideoJob after) {
      // Every state, not only changes: the progress line also shows failures being retried.
      onChange.accept(after);
    }

    @Override
    public boolean keepWaiting(VideoJob job, boolean turnedAway) {
      if (job.waitsForSlot() && credit.state().isPresent()) {
        // Only the account's owner can bring credit back: waiting here would only hold the shell.
        outOfCredit = credit.state().get();
        return false;
      }
      int threshold = job.status() == JobStatus.PENDING ? 1 : READ_FAILURES_BEFORE_PROBING;
      if (job.consecutiveFailures() >= threshold && !probe.reachable()) {
        unreachable = true;
        return false;
      }
      if (stop.getAsBoolean()) {
        return false;
      }
      if (turnedAway) {
        // Slots are held by jobs that nobody may be tracking: advance them so one can free up.
        advanceDueJobs.runOnce(inFlightCap);
      }
      return true;
    }

    @Override
    public Duration longestNap() {
      return SLICE;
    }
  }

  GatewayProbe probe() {
    return probe;
  }
}
