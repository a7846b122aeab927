package dev.videoagent.core;

import java.time.Instant;

/**
 * How long a job has been at the gateway and what the tracker expects of it: what the duration
 * history is learnt from, and what the estimate and the stall flag are told against. Kept apart
 * from {@link JobSchedule} because it survives claims and counters, and changes with the status.
 *
 * @param acceptedAt when the gateway took this attempt; {@code null} before
 * @param statusSince when the job reached its current status; {@code null} for jobs stored before
 *     this was kept
 * @param estimatedCompletionAt when the job should finish, by the duration history of jobs like it;
 *     {@code null} when there is no basis (no history, or the job is settled)
 * @param stalledSince when the tracker found the job's gateway status unmoved for far longer than
 *     jobs like it take; {@code null} while it is not stalled
 */
public record JobTiming(
    Instant acceptedAt, Instant statusSince, Instant estimatedCompletionAt, Instant stalledSince) {

  /** A job not yet sent: nothing known. */
  public static JobTiming none() {
    return new JobTiming(null, null, null, null);
  }

  /** The timing after a move from {@code from} to {@code to} at {@code now}. */
  JobTiming moved(JobStatus from, JobStatus to, Instant now) {
    if (from == to) {
      return this;
    }
    Instant accepted = from == JobStatus.PENDING && to == JobStatus.QUEUED ? now : acceptedAt;
    // A status that moved is no longer stalled; a settled job needs no estimate.
    Instant estimate = to.isTerminal() ? null : estimatedCompletionAt;
    return new JobTiming(accepted, now, estimate, null);
  }

  JobTiming expecting(Instant estimate) {
    return new JobTiming(acceptedAt, statusSince, estimate, stalledSince);
  }

  JobTiming stalledAt(Instant now) {
    return stalledSince != null
        ? this
        : new JobTiming(acceptedAt, statusSince, estimatedCompletionAt, now);
  }
}
