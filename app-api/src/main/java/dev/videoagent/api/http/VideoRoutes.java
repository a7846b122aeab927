package dev.videoagent.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.videoagent.assembly.json.JobView;
import dev.videoagent.core.IdempotencyKey;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobStamp;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CancelJob.CancelResult;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.CreateJob.CreateResult;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.RetryJob.RetryResult;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** The job routes under {@code /v1/videos}: create, read, list, cancel, retry. */
public final class VideoRoutes {
  /** Stripe's header for an answer replayed from an earlier request with the same key. */
  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final CreateJob createJob;
  private final GetJob getJob;
  private final ListJobs listJobs;
  private final CancelJob cancelJob;
  private final RetryJob retryJob;
  private final TrackerControls tracking;
  private final RequestBodies bodies;
  private final JobAnswers answers;

  public VideoRoutes(
      CreateJob createJob,
      GetJob getJob,
      ListJobs listJobs,
      CancelJob cancelJob,
      RetryJob retryJob,
      TrackerControls tracking,
      RequestBodies bodies,
      JobAnswers answers) {
    this.createJob = createJob;
    this.getJob = getJob;
    this.listJobs = listJobs;
    this.cancelJob = cancelJob;
    this.retryJob = retryJob;
    this.tracking = tracking;
    this.bodies = bodies;
    this.answers = answers;
  }

  /** {@code POST /v1/videos}: stores the job (pending) and answers at once; submission follows. */
  public void create(Context ctx, Access access) {
    RequestBodies.requireJson(ctx);
    VideoRequest request = bodies.read(ctx, RequestBodies.MAX_BYTES, CreateVideoBody::parse);
    IdempotencyKey idempotencyKey =
        IdempotencyKey.ofNullable(ctx.header(IdempotencyKey.HEADER), IdempotencyKey.HEADER);
    CreateResult result = createJob.create(tenant(access), request, idempotencyKey);
    if (result instanceof CreateResult.KeyConflict conflict) {
      throw ApiProblem.of(
          ProblemType.IDEMPOTENCY_KEY_REUSED,
          "This Idempotency-Key was already used for a different request (job "
              + conflict.job().id()
              + "). Send the same body to get that job again, or use a new key for a new video.");
    }
    if (result instanceof CreateResult.Created) {
      tracking.wakeUp();
    } else {
      ctx.header(REPLAYED_HEADER, "true");
    }
    // A replay answers exactly as the original did: 201 and the same job.
    answer(ctx.status(201).header("Location", location(result.job())), result.job());
  }

  /** {@code GET /v1/videos/{id}}. */
  public void get(Context ctx, Access access) {
    String id = JobIds.fromPath(ctx);
    // With an answer kept, its job's stored version decides whether it is still the answer; with
    // none, the job is read at once rather than its version first.
    Optional<JobAnswers.Answer> kept = answers.kept(id);
    if (kept.isPresent()) {
      JobStamp stamp = getJob.stamp(access, id).orElseThrow(() -> notFound(id));
      if (stamp.version() == kept.get().version()) {
        answer(ctx, kept.get().json());
        return;
      }
    }
    VideoJob job = getJob.get(access, id).orElseThrow(() -> notFound(id));
    answer(ctx, job);
  }

  /** {@code GET /v1/videos?status=&limit=&cursor=}: newest first. */
  public void list(Context ctx, Access access) {
    ListQuery query = ListQuery.from(QueryParams.parse(ctx.queryString()));
    JobPage page = listJobs.list(access, query.status(), query.limit(), query.afterId());
    List<JobView> data = page.jobs().stream().map(JobView::of).toList();
    String next = page.nextAfterIdIfAny().map(Cursor::encode).orElse(null);
    ctx.json(new PageView(data, next));
  }

  /** {@code POST /v1/videos/{id}/cancel}. */
  public void cancel(Context ctx, Access access) {
    String id = JobIds.fromPath(ctx);
    bodies.discard(ctx, RequestBodies.MAX_BYTES);
    CancelResult result = cancelJob.cancel(access, id);
    if (result instanceof CancelResult.Canceled canceled) {
      answer(ctx, canceled.job());
    } else if (result instanceof CancelResult.AlreadyFinished finished) {
      throw ApiProblem.of(
          ProblemType.JOB_STATE_CONFLICT,
          "Job "
              + id
              + " is already "
              + finished.job().status().wireName()
              + "; there is nothing to cancel.");
    } else {
      throw notFound(id);
    }
  }

  /** {@code POST /v1/videos/{id}/retry}: a new submission of a failed job. */
  public void retry(Context ctx, Access access) {
    String id = JobIds.fromPath(ctx);
    bodies.discard(ctx, RequestBodies.MAX_BYTES);
    RetryResult result = retryJob.retry(access, id);
    if (result instanceof RetryResult.Retried retried) {
      tracking.wakeUp();
      answer(ctx, retried.job());
    } else if (result instanceof RetryResult.NotFailed notFailed) {
      JobStatus status = notFailed.job().status();
      throw ApiProblem.of(
          ProblemType.JOB_STATE_CONFLICT,
          "Only a failed job can be retried; job " + id + " is " + status.wireName() + ".");
    } else {
      throw notFound(id);
    }
  }

  private void answer(Context ctx, VideoJob job) {
    answer(ctx, answers.of(job));
  }

  private static void answer(Context ctx, byte[] json) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(json);
  }

  static ApiProblem notFound(String id) {
    return ApiProblem.of(ProblemType.NOT_FOUND, "There is no video job " + id + ".");
  }

  static String location(VideoJob job) {
    return "/v1/videos/" + job.id();
  }

  private static TenantName tenant(Access access) {
    return access
        .tenantFilter()
        .map(TenantName::of)
        .orElseThrow(() -> new IllegalStateException("API callers always belong to a tenant"));
  }

  /** One page of the list. */
  public record PageView(List<JobView> data, @JsonProperty("next_cursor") String nextCursor) {
    public PageView {
      data = List.copyOf(data);
    }
  }
}
