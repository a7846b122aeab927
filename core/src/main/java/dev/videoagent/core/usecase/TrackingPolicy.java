package dev.videoagent.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of job tracking, with defaults that suit the Pixazo gateway.
 *
 * @param polling when to read a job that nobody will call back for
 * @param safetyNet when to read a job whose webhook is expected
 * @param backoff waits after failed calls
 * @param lease how long a worker holds a job it claimed; longer than any single gateway call, so
 *     that a live worker is never overtaken, short enough that a dead one's jobs resume soon
 * @param deadline how long a job may take, from creation (or retry) to a terminal status
 * @param maxInFlight jobs allowed between submitted and terminal at once (HeyGen answers 429 above
 *     about 10 per account)
 * @param downloadAttempts failed downloads after which the job keeps {@code download_failed}
 */
public record TrackingPolicy(
    PollSchedule polling,
    PollSchedule safetyNet,
    Backoff backoff,
    Duration lease,
    Duration deadline,
    int maxInFlight,
    int downloadAttempts) {

  public TrackingPolicy {
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
  }

  public static TrackingPolicy defaults() {
    return new TrackingPolicy(
        PollSchedule.polling(),
        PollSchedule.safetyNet(),
        Backoff.standard(),
        Duration.ofMinutes(3),
        Duration.ofHours(2),
        10,
        5);
  }

  public TrackingPolicy withPolling(PollSchedule value) {
    return new TrackingPolicy(
        value, safetyNet, backoff, lease, deadline, maxInFlight, downloadAttempts);
  }

  public TrackingPolicy withDeadline(Duration value) {
    return new TrackingPolicy(
        polling, safetyNet, backoff, lease, value, maxInFlight, downloadAttempts);
  }

  public TrackingPolicy withMaxInFlight(int value) {
    return new TrackingPolicy(
        polling, safetyNet, backoff, lease, deadline, value, downloadAttempts);
  }

  public TrackingPolicy withBackoff(Backoff value) {
    return new TrackingPolicy(
        polling, safetyNet, value, lease, deadline, maxInFlight, downloadAttempts);
  }

  public TrackingPolicy withLease(Duration value) {
    return new TrackingPolicy(
        polling, safetyNet, backoff, value, deadline, maxInFlight, downloadAttempts);
  }
}
