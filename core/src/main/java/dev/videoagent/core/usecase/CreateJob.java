package dev.videoagent.core.usecase;

import dev.videoagent.core.IdempotencyKey;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.WebhookDestinations;
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
  private final JobRepository jobs;
  private final IdGenerator ids;
  private final Clock clock;
  private final JobPolicy policy;
  private final WebhookDestinations destinations;

  /** Jobs whose {@code callback_url} must be a public address. */
  public CreateJob(JobRepository jobs, IdGenerator ids, Clock clock, JobPolicy policy) {
    this(jobs, ids, clock, policy, WebhookDestinations.publicOnly());
  }

  /**
   * @param destinations where a {@code callback_url} may point
   */
  public CreateJob(
      JobRepository jobs,
      IdGenerator ids,
      Clock clock,
      JobPolicy policy,
      WebhookDestinations destinations) {
    this.jobs = jobs;
    this.ids = ids;
    this.clock = clock;
    this.policy = policy;
    this.destinations = destinations;
  }

  /**
   * Creates the job, or replays the earlier one made with the same idempotency key.
   *
   * @param idempotencyKey the caller's key, or {@code null}
   */
  public CreateResult create(
      TenantName tenant, VideoRequest request, IdempotencyKey idempotencyKey) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    request
        .callbackUrlIfSet()
        .flatMap(destinations::refusal)
        .ifPresent(
            why -> {
              throw new ValidationException("callback_url", "callback_url " + why + ".");
            });
    String key = idempotencyKey == null ? null : idempotencyKey.value();
    if (key != null) {
      Optional<VideoJob> earlier = jobs.findByIdempotencyKey(tenant.value(), key);
      if (earlier.isPresent()) {
        return replayOrConflict(earlier.get(), request);
      }
    }
    Instant now = clock.instant();
    VideoJob job =
        VideoJob.create(
            ids.newJobId(),
            tenant.value(),
            request,
            key,
            ids.newSecret(),
            now,
            now.plus(policy.deadline()));
    try {
      return new CreateResult.Created(jobs.insert(job));
    } catch (DuplicateJobException raced) {
      // Two calls with one key at the same moment: the database let exactly one in.
      if (key == null) {
        throw raced;
      }
      VideoJob winner = jobs.findByIdempotencyKey(tenant.value(), key).orElseThrow(() -> raced);
      return replayOrConflict(winner, request);
    }
  }

  /**
   * As {@link #create(TenantName, VideoRequest, IdempotencyKey)}, checking the tenant name and the
   * key (reported as {@value IdempotencyKey#HEADER}) first.
   *
   * @throws dev.videoagent.core.ValidationException when either breaks its rule
   */
  public CreateResult create(String tenant, VideoRequest request, String idempotencyKey) {
    Objects.requireNonNull(tenant, "tenant");
    return create(
        TenantName.of(tenant),
        request,
        IdempotencyKey.ofNullable(idempotencyKey, IdempotencyKey.HEADER));
  }

  private static CreateResult replayOrConflict(VideoJob earlier, VideoRequest request) {
    return earlier.request().equals(request)
        ? new CreateResult.Replayed(earlier)
        : new CreateResult.KeyConflict(earlier);
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
