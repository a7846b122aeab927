package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Reacts to the gateway's webhook: if the per-job token matches, the job becomes due at once so the
 * tracker reads its status from the gateway. The webhook's body is never trusted.
 */
public final class ExpediteJob {
  private final JobRepository jobs;
  private final Clock clock;

  public ExpediteJob(JobRepository jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
  }

  public ExpediteResult expedite(String id, String token) {
    Optional<VideoJob> found = jobs.findById(id);
    // Unknown job and wrong token answer alike, so ids cannot be probed through this door.
    if (found.isEmpty() || token == null || !sameSecret(found.get().callbackToken(), token)) {
      return ExpediteResult.REFUSED;
    }
    while (true) {
      VideoJob job = found.get();
      Instant now = clock.instant();
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
