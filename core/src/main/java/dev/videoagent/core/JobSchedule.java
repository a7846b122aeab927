package dev.videoagent.core;

import java.time.Instant;
import java.util.Objects;

/**
 * When the tracker acts on a job next, and what drives that: the attempt mark, the reads and
 * failures counted for the back-off and the polling schedule, and the deadline. Reset by a retry.
 *
 * @param nextCheckAt when the tracker should next act on the job; {@code null} when nothing is left
 *     to do. Setting it into the future is also how a worker claims the job (a lease).
 * @param submitStartedAt set just before the gateway is called and cleared by its answer: if it is
 *     still set when the job is next looked at, the process died mid-call and the gateway may have
 *     taken (and billed) the job
 * @param statusReads status reads made for this attempt
 * @param consecutiveFailures failed gateway or download calls in a row; drives the back-off
 * @param deadline after this instant an unfinished job ends {@code timed_out}
 * @param callbackWindow while an unanswered attempt waits for the gateway's callback to settle it,
 *     or {@code null}; only with an attempt mark
 */
public record JobSchedule(
    Instant nextCheckAt,
    Instant submitStartedAt,
    int statusReads,
    int consecutiveFailures,
    Instant deadline,
    CallbackWindow callbackWindow) {

  public JobSchedule {
    Objects.requireNonNull(deadline, "deadline");
    if (callbackWindow != null && submitStartedAt == null) {
      throw new IllegalArgumentException("a callback window belongs to an unanswered attempt");
    }
    if (statusReads < 0 || consecutiveFailures < 0) {
      throw new IllegalArgumentException("statusReads and consecutiveFailures count up from 0");
    }
  }

  /** An attempt about to start: due at once, nothing counted yet. */
  static JobSchedule startingAt(Instant now, Instant deadline) {
    return new JobSchedule(now, null, 0, 0, deadline, null);
  }

  boolean isDue(Instant now) {
    return nextCheckAt != null && !nextCheckAt.isAfter(now);
  }

  JobSchedule checkAt(Instant at) {
    return new JobSchedule(
        at, submitStartedAt, statusReads, consecutiveFailures, deadline, callbackWindow);
  }

  JobSchedule attemptMarkedAt(Instant at) {
    return new JobSchedule(nextCheckAt, at, statusReads, consecutiveFailures, deadline, null);
  }

  /** The answer came (or the attempt ended): no mark, no window. */
  JobSchedule attemptCleared() {
    return attemptMarkedAt(null);
  }

  JobSchedule withCallbackWindow(CallbackWindow window) {
    return new JobSchedule(
        nextCheckAt, submitStartedAt, statusReads, consecutiveFailures, deadline, window);
  }

  JobSchedule statusRead() {
    return new JobSchedule(
        nextCheckAt,
        submitStartedAt,
        statusReads + 1,
        consecutiveFailures,
        deadline,
        callbackWindow);
  }

  JobSchedule failedAgain() {
    return withFailures(consecutiveFailures + 1);
  }

  JobSchedule succeeded() {
    return withFailures(0);
  }

  private JobSchedule withFailures(int failures) {
    return new JobSchedule(
        nextCheckAt, submitStartedAt, statusReads, failures, deadline, callbackWindow);
  }
}
