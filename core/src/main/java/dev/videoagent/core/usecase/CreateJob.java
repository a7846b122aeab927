package dev.videoagent.core.usecase;

import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.IdGenerator;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores a new job as {@code pending}, before anything is sent anywhere: a job that exists only in
 * a process's memory is a job that a crash can lose.
 */
public final class CreateJob {
  public static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;

  private final JobRepository jobs;
  private final IdGenerator ids;
  private final Clock clock;
  private final TrackingPolicy policy;

  public CreateJob(JobRepository jobs, IdGenerator ids, Clock clock, TrackingPolicy policy) {
    this.jobs = jobs;
    this.ids = ids;
    this.clock = clock;
    this.policy = policy;
  }

  /**
   * Creates the job, or replays the earlier one made with the same idempotency key.
   *
   * @param idempotencyKey the caller's key, or {@code null}
   */
  public CreateResult create(String tenant, VideoRequest request, String idempotencyKey) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    checkKey(idempotencyKey);
    if (idempotencyKey != null) {
      Optional<VideoJob> earlier = jobs.findByIdempotencyKey(tenant, idempotencyKey);
      if (earlier.isPresent()) {
        return replayOrConflict(earlier.get(), request);
      }
    }
    Instant now = clock.instant();
    VideoJob job =
        VideoJob.create(
            ids.newJobId(),
            tenant,
            request,
            idempotencyKey,
            ids.newSecret(),
            now,
            now.plus(policy.deadline()));
    try {
      return new CreateResult.Created(jobs.insert(job));
    } catch (DuplicateJobException raced) {
      // Two calls with one key at the same moment: the database let exactly one in.
      if (idempotencyKey == null) {
        throw raced;
      }
      VideoJob winner = jobs.findByIdempotencyKey(tenant, idempotencyKey).orElseThrow(() -> raced);
      return replayOrConflict(winner, request);
    }
  }

  private static CreateResult replayOrConflict(VideoJob earlier, VideoRequest request) {
    return earlier.request().equals(request)
        ? new CreateResult.Replayed(earlier)
        : new CreateResult.KeyConflict(earlier);
  }

  private static void checkKey(String key) {
    if (key == null) {
      return;
    }
    boolean printable = key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS || !printable) {
      throw new ValidationException(
          "Idempotency-Key",
          "Idempotency-Key must be 1 to "
              + MAX_IDEMPOTENCY_KEY_CHARS
              + " visible ASCII characters without spaces.");
    }
  }

  /** What a create call did. */
  public sealed interface CreateResult {
    VideoJob job();

    /** A new job was stored. */
    record Created(VideoJob job) implements CreateResult {}

    /** The same key and the same request came before: this is that job. */
    record Replayed(VideoJob job) implements CreateResult {}

    /** The key was used before for a different request; {@code job} is that earlier job. */
    record KeyConflict(VideoJob job) implements CreateResult {}
  }
}
