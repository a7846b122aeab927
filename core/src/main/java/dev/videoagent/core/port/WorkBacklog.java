package dev.videoagent.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * What tracking has ahead of it, read from the database (not from a tracker's memory), so that
 * health and metrics say the same thing whichever process asks.
 *
 * @param waitingForSlot pending jobs not yet sent: the submission queue, due or not
 * @param inFlight jobs the gateway holds or may hold (queued, processing, or pending with an
 *     attempt mark): the slots in use under the in-flight cap
 * @param earliestDueWork when the most overdue work that needs no slot became due (see {@link
 *     JobRepository#findDueWork}), or {@code null} when none is due
 * @param earliestDueSubmission when the first due job of the submission queue became due, or {@code
 *     null} when none is due
 */
public record WorkBacklog(
    long waitingForSlot, long inFlight, Instant earliestDueWork, Instant earliestDueSubmission) {

  public Optional<Instant> earliestDueWorkIfAny() {
    return Optional.ofNullable(earliestDueWork);
  }

  public Optional<Instant> earliestDueSubmissionIfAny() {
    return Optional.ofNullable(earliestDueSubmission);
  }
}
