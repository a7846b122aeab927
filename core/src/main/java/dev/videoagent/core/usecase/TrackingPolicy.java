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
 * @param downloadLease how long a worker holds a job while it downloads the video: longer than the
 *     status lease, because a large video on a slow link can take minutes and a second worker must
 *     not start the same download; a worker that dies mid-download delays the retry by this much
 *     (the gateway's links stay valid for a day or more)
 */
public record TrackingPolicy(
    PollSchedule polling,
    PollSchedule safetyNet,
    Backoff backoff,
    Duration lease,
    Duration deadline,
    int maxInFlight,
    int downloadAttempts,
    Duration downloadLease) {

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
    Objects.requireNonNull(downloadLease, "downloadLease");
    if (downloadLease.compareTo(lease) < 0) {
      throw new IllegalArgumentException("downloadLease must not be shorter than lease");
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
        5,
        Duration.ofMinutes(30));
  }

  public TrackingPolicy withPolling(PollSchedule value) {
    return new TrackingPolicy(
        value, safetyNet, backoff, lease, deadline, maxInFlight, downloadAttempts, downloadLease);
  }

  public TrackingPolicy withDeadline(Duration value) {
    return new TrackingPolicy(
        polling, safetyNet, backoff, lease, value, maxInFlight, downloadAttempts, downloadLease);
  }

  public TrackingPolicy withMaxInFlight(int value) {
    return new TrackingPolicy(
        polling, safetyNet, backoff, lease, deadline, value, downloadAttempts, downloadLease);
  }

  public TrackingPolicy withDownloadLease(Duration value) {
    return new TrackingPolicy(
        polling, safetyNet, backoff, lease, deadline, maxInFlight, downloadAttempts, value);
  }

  public TrackingPolicy withBackoff(Backoff value) {
    return new TrackingPolicy(
        polling, safetyNet, value, lease, deadline, maxInFlight, downloadAttempts, downloadLease);
  }

  /** Another status lease; the download lease grows with it when it would be shorter. */
  public TrackingPolicy withLease(Duration value) {
    Duration download = downloadLease.compareTo(value) < 0 ? value : downloadLease;
    return new TrackingPolicy(
        polling, safetyNet, backoff, value, deadline, maxInFlight, downloadAttempts, download);
  }
}
