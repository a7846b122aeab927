package dev.videoagent.core.usecase;

import dev.videoagent.core.CallbackWindow;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.Sleeper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reacts to the gateway's webhook: if the per-job token matches, the job becomes due at once so the
 * tracker reads its status from the gateway. The webhook's body is never trusted. A callback that
 * beats the storing of its job's submission answer waits for it a moment ({@link #ANSWER_WAIT}).
 *
 * <p>A callback for a job whose submission has no answer (ambiguous, or its sender died) that names
 * a request id records that id and makes the job due: the tracker then reads that request from the
 * gateway and settles the job by it, if the gateway answers for it. A callback for a job that has
 * its request id already only makes it due; whatever id it names changes nothing.
 */
public final class ExpediteJob {
  /**
   * How long a callback waits for its job's submission answer to be stored. The gateway may call
   * back for a short job before the worker that submitted it has recorded "accepted" (its write
   * waits behind others); the job cannot be touched meanwhile (the worker's write would lose), and
   * a callback answered "nothing to do" would leave the job to the safety-net poll, minutes later.
   */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

  private static final Duration ANSWER_POLL = Duration.ofMillis(50);

  private final JobRepository jobs;
  private final Clock clock;
  private final Sleeper sleeper;

  public ExpediteJob(JobRepository jobs, Clock clock) {
    this(jobs, clock, Sleeper.system());
  }

  public ExpediteJob(JobRepository jobs, Clock clock, Sleeper sleeper) {
    this.jobs = jobs;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public ExpediteResult expedite(String id, String token) {
    return expedite(id, token, null);
  }

  /** Whether {@code token} is the callback token of a job {@code id}: checked before any body. */
  public boolean accepts(String id, String token) {
    return token != null
        && jobs.findById(id).filter(job -> sameSecret(job.callbackToken(), token)).isPresent();
  }

  /**
   * @param namedRequestId the request id the callback's body named, or {@code null}; believed only
   *     once the gateway answers for it
   */
  public ExpediteResult expedite(String id, String token, String namedRequestId) {
    String named =
        namedRequestId == null || namedRequestId.isBlank() ? null : namedRequestId.strip();
    Optional<VideoJob> found = jobs.findById(id);
    // Unknown job and wrong token answer alike, so ids cannot be probed through this door.
    if (found.isEmpty() || token == null || !sameSecret(found.get().callbackToken(), token)) {
      return ExpediteResult.REFUSED;
    }
    Duration waited = Duration.ZERO;
    while (true) {
      VideoJob job = found.get();
      if (job.hasUnansweredAttempt()
          && !job.awaitsCallback()
          && waited.compareTo(ANSWER_WAIT) < 0) {
        if (!napUntilAnswered()) {
          return ExpediteResult.NOTHING_TO_DO;
        }
        waited = waited.plus(ANSWER_POLL);
        found = jobs.findById(id);
        if (found.isEmpty()) {
          return ExpediteResult.REFUSED;
        }
        continue;
      }
      Instant now = clock.instant();
      if (job.hasUnansweredAttempt()) {
        Optional<ExpediteResult> recorded = nameRequest(job, named, now);
        if (recorded.isPresent()) {
          return recorded.get();
        }
        found = jobs.findById(id);
        if (found.isEmpty()) {
          return ExpediteResult.REFUSED;
        }
        continue;
      }
      if (!job.status().isWithGateway()) {
        return ExpediteResult.NOTHING_TO_DO;
      }
      if (job.isDue(now)) {
        return ExpediteResult.EXPEDITED;
      }
      if (jobs.update(job.claimedUntil(now, now)).isPresent()) {
        return ExpediteResult.EXPEDITED;
      }
      found = jobs.findById(id);
      if (found.isEmpty()) {
        return ExpediteResult.REFUSED;
      }
    }
  }

  /**
   * Records the request a callback named on a job without a submission answer; empty when another
   * writer changed the job first (read it again and decide again).
   */
  private Optional<ExpediteResult> nameRequest(VideoJob job, String requestId, Instant now) {
    if (requestId == null) {
      return Optional.of(ExpediteResult.NOTHING_TO_DO);
    }
    // The token proves the gateway was asked to call back for this job: the window is open even
    // when the attempt's sender died before it could open it.
    CallbackWindow window =
        job.callbackWindowIfAny()
            .orElseGet(
                () ->
                    CallbackWindow.after(
                        job.submitStartedAt(), JobPolicy.CALLBACK_WINDOW, job.deadline()));
    if (!window.isOpen(now)) {
      return Optional.of(ExpediteResult.NOTHING_TO_DO);
    }
    if (requestId.equals(window.namedRequestId()) && job.isDue(now)) {
      return Optional.of(ExpediteResult.EXPEDITED);
    }
    VideoJob held = job.awaitsCallback() ? job : job.awaitingCallback(window, now);
    return jobs.update(held.callbackNamed(requestId, now)).map(written -> ExpediteResult.EXPEDITED);
  }

  /** False when interrupted: the caller gives up waiting, the job is left alone. */
  private boolean napUntilAnswered() {
    try {
      sleeper.sleep(ANSWER_POLL);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean sameSecret(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** What a webhook call achieved. */
  public enum ExpediteResult {
    /** The job will be read from the gateway at once. */
    EXPEDITED,
    /** The job is not with the gateway any more (finished, canceled): nothing to read. */
    NOTHING_TO_DO,
    /** No such job, or the token does not match. */
    REFUSED
  }
}
