package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of job tracking, with defaults that suit the Pixazo gateway.
 *
 * @param polling when to read a job that nobody will call back for
 * @param safetyNet when to read a job whose webhook is expected
 * @param backoff waits after failed calls
 * @param lease how long a worker holds a job it claimed; longer than any single gateway call, so
 *     that a live worker is never overtaken, short enough that a dead one's jobs resume soon. A
 *     download, which can take longer, renews its claim for another lease as long as bytes arrive
 * @param deadline how long a job may take, from creation (or retry) to a terminal status
 * @param maxInFlight jobs allowed between submitted and terminal at once (HeyGen answers 429 above
 *     about 10 per account)
 * @param downloadAttempts failed downloads after which the job keeps {@code download_failed}
 * @param history how the duration history of completed jobs steers reads, estimates and stalls
 */
public record JobPolicy(
    PollSchedule polling,
    PollSchedule safetyNet,
    Backoff backoff,
    Duration lease,
    Duration deadline,
    int maxInFlight,
    int downloadAttempts,
    HistorySchedule history) {

  /**
   * How long an ambiguous submission (or one whose sender died mid-call) that asked the gateway to
   * call back waits for that callback to settle it, at most until the job's deadline. HeyGen's
   * videos take minutes; a callback that has not come in half an hour will not come.
   */
  public static final Duration CALLBACK_WINDOW = Duration.ofMinutes(30);

  public JobPolicy {
    Objects.requireNonNull(polling, "polling");
    Objects.requireNonNull(safetyNet, "safetyNet");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(deadline, "deadline");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
    if (downloadAttempts < 1) {
      throw new IllegalArgumentException("downloadAttempts must be at least 1");
    }
    Objects.requireNonNull(history, "history");
  }

  public static JobPolicy defaults() {
    return new JobPolicy(
        PollSchedule.polling(),
        PollSchedule.safetyNet(),
        Backoff.standard(),
        Duration.ofMinutes(3),
        Duration.ofHours(2),
        10,
        5,
        HistorySchedule.standard());
  }

  public JobPolicy withPolling(PollSchedule value) {
    Draft draft = new Draft(this);
    draft.polling = value;
    return draft.build();
  }

  public JobPolicy withDeadline(Duration value) {
    Draft draft = new Draft(this);
    draft.deadline = value;
    return draft.build();
  }

  public JobPolicy withMaxInFlight(int value) {
    Draft draft = new Draft(this);
    draft.maxInFlight = value;
    return draft.build();
  }

  public JobPolicy withHistory(HistorySchedule value) {
    Draft draft = new Draft(this);
    draft.history = value;
    return draft.build();
  }

  public JobPolicy withBackoff(Backoff value) {
    Draft draft = new Draft(this);
    draft.backoff = value;
    return draft.build();
  }

  /** Another lease. */
  public JobPolicy withLease(Duration value) {
    Draft draft = new Draft(this);
    draft.lease = value;
    return draft.build();
  }

  /**
   * When a job should be read again: rarely while its webhook is expected, else by the polling
   * schedule.
   */
  PollSchedule readSchedule(boolean callbackRegistered) {
    return callbackRegistered ? safetyNet : polling;
  }

  /**
   * How long {@code job} waits after the failure just seen (counted on top of those before it), or
   * what the server asked for with {@code retryAfter} (may be {@code null}).
   */
  Duration backoffAfterFailure(VideoJob job, Duration retryAfter, double random) {
    return backoff.delay(job.consecutiveFailures() + 1, retryAfter, random);
  }

  /** A copy to change one knob of: the one place that lists them all to build a policy. */
  private static final class Draft {
    private PollSchedule polling;
    private PollSchedule safetyNet;
    private Backoff backoff;
    private Duration lease;
    private Duration deadline;
    private int maxInFlight;
    private int downloadAttempts;
    private HistorySchedule history;

    Draft(JobPolicy from) {
      polling = from.polling;
      safetyNet = from.safetyNet;
      backoff = from.backoff;
      lease = from.lease;
      deadline = from.deadline;
      maxInFlight = from.maxInFlight;
      downloadAttempts = from.downloadAttempts;
      history = from.history;
    }

    JobPolicy build() {
      return new JobPolicy(
          polling, safetyNet, backoff, lease, deadline, maxInFlight, downloadAttempts, history);
    }
  }
}
