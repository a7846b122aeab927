package dev.videoagent.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One video job: the request, where it stands, and what the tracker must do next. Immutable; every
 * change returns the next state and checks the move against {@link JobStatus}.
 *
 * @param id our id, time-ordered so that "newest first" is "largest id first"
 * @param tenant who owns the job
 * @param request what the user asked for
 * @param status where it stands
 * @param attempt the submission attempt, 1 for the first; a user's retry starts the next one
 * @param submitStartedAt set just before the gateway is called and cleared by its answer: if it is
 *     still set when the job is next looked at, the process died mid-call and the gateway may have
 *     taken (and billed) the job
 * @param gatewayRequestId the gateway's request id once it accepted the job
 * @param videoUrl the gateway's media URL once completed (it expires; {@code content} does not)
 * @param content the stored video, once downloaded and verified
 * @param error why the job failed, or why its video could not be stored
 * @param callbackToken the per-job secret the gateway's webhook must present
 * @param callbackRegistered whether the gateway was asked to call us back for this attempt
 * @param idempotencyKey the caller's key for safe replays of the create call, or {@code null}
 * @param nextCheckAt when the tracker should next act on the job; {@code null} when nothing is left
 *     to do. Setting it into the future is also how a worker claims the job (a lease).
 * @param statusReads status reads made for this attempt
 * @param consecutiveFailures failed gateway or download calls in a row; drives the back-off
 * @param deadline after this instant an unfinished job ends {@code timed_out}
 * @param version optimistic-concurrency counter, advanced by the repository on each write
 */
public record VideoJob(
    String id,
    String tenant,
    VideoRequest request,
    JobStatus status,
    int attempt,
    Instant submitStartedAt,
    String gatewayRequestId,
    URI videoUrl,
    StoredContent content,
    JobError error,
    String callbackToken,
    boolean callbackRegistered,
    String idempotencyKey,
    Instant nextCheckAt,
    int statusReads,
    int consecutiveFailures,
    Instant deadline,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt,
    long version) {

  public VideoJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(callbackToken, "callbackToken");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A new job, stored as {@code pending} and due for submission at once. */
  public static VideoJob create(
      String id,
      String tenant,
      VideoRequest request,
      String idempotencyKey,
      String callbackToken,
      Instant now,
      Instant deadline) {
    return new VideoJob(
        id,
        tenant,
        request,
        JobStatus.PENDING,
        1,
        null,
        null,
        null,
        null,
        null,
        callbackToken,
        false,
        idempotencyKey,
        now,
        0,
        0,
        deadline,
        now,
        now,
        null,
        0);
  }

  public boolean isDue(Instant now) {
    return nextCheckAt != null && !nextCheckAt.isAfter(now);
  }

  /**
   * Pending and not yet sent: moving on means a submission, which needs a free slot under the
   * in-flight cap.
   */
  public boolean waitsForSlot() {
    return status == JobStatus.PENDING && submitStartedAt == null;
  }

  /** The process that marked the attempt never recorded an answer. */
  public boolean hasUnansweredAttempt() {
    return status == JobStatus.PENDING && submitStartedAt != null;
  }

  /** Completed at the gateway but the video is not in our store yet and we have not given up. */
  public boolean awaitsDownload() {
    return status == JobStatus.COMPLETED && content == null && error == null;
  }

  /** Nothing more will happen unless a user asks: terminal, and the video stored if any. */
  public boolean isSettled() {
    return status.isTerminal() && !awaitsDownload();
  }

  public Optional<StoredContent> contentIfStored() {
    return Optional.ofNullable(content);
  }

  public Optional<JobError> errorIfAny() {
    return Optional.ofNullable(error);
  }

  /** Takes the job for a while: other workers skip it until {@code until} passes. */
  public VideoJob claimedUntil(Instant until, Instant now) {
    return draft(now).nextCheckAt(until).build();
  }

  /** Marks the submission attempt before the gateway is called. */
  public VideoJob submissionStarted(Instant now, Instant leaseUntil) {
    if (status != JobStatus.PENDING || submitStartedAt != null) {
      throw new IllegalStateException(
          "job " + id + " can only start a submission when pending and not already attempted");
    }
    return draft(now).submitStartedAt(now).nextCheckAt(leaseUntil).build();
  }

  /** The gateway took the job. */
  public VideoJob acceptedByGateway(
      String requestId, boolean callbackRegistered, Instant now, Instant firstCheck) {
    Objects.requireNonNull(requestId, "requestId");
    return moveTo(JobStatus.QUEUED, now)
        .submitStartedAt(null)
        .gatewayRequestId(requestId)
        .callbackRegistered(callbackRegistered)
        .nextCheckAt(firstCheck)
        .consecutiveFailures(0)
        .build();
  }

  /** The gateway certainly did not take the job (refused, rate-limited): try again later. */
  public VideoJob submissionDeferred(Instant now, Instant retryAt) {
    requireStatus(JobStatus.PENDING);
    return draft(now)
        .submitStartedAt(null)
        .nextCheckAt(retryAt)
        .consecutiveFailures(consecutiveFailures + 1)
        .build();
  }

  /** A status read said the job is still queued or processing. */
  public VideoJob stillRunning(JobStatus reported, Instant now, Instant nextCheck) {
    if (!reported.isWithGateway()) {
      throw new IllegalArgumentException("not a running status: " + reported);
    }
    // The gateway may report QUEUED again after PROCESSING; we never move backwards.
    JobStatus next = status == JobStatus.PROCESSING ? JobStatus.PROCESSING : reported;
    Draft draft = next == status ? draft(now) : moveTo(next, now);
    return draft.statusReads(statusReads + 1).consecutiveFailures(0).nextCheckAt(nextCheck).build();
  }

  /** A status read said the video is ready: due for download at once. */
  public VideoJob completedAt(URI mediaUrl, Instant now) {
    Objects.requireNonNull(mediaUrl, "mediaUrl");
    return moveTo(JobStatus.COMPLETED, now)
        .videoUrl(mediaUrl)
        .statusReads(statusReads + 1)
        .consecutiveFailures(0)
        .completedAt(now)
        .nextCheckAt(now)
        .build();
  }

  /** Counts a status read that ended the job (failed at the gateway). */
  public VideoJob failedAtGateway(String reason, Instant now) {
    return draft(now)
        .statusReads(statusReads + 1)
        .build()
        .failed(ErrorCode.GATEWAY_FAILED, reason, now);
  }

  /** Ends the job as failed. */
  public VideoJob failed(ErrorCode code, String message, Instant now) {
    return moveTo(JobStatus.FAILED, now)
        .error(new JobError(code, message))
        .submitStartedAt(null)
        .nextCheckAt(null)
        .build();
  }

  /** A status read failed or made no sense: read again later, never fail the job for it. */
  public VideoJob readFailed(Instant now, Instant retryAt) {
    return draft(now).consecutiveFailures(consecutiveFailures + 1).nextCheckAt(retryAt).build();
  }

  /** The gateway handed out a fresh media URL (the old one expired). */
  public VideoJob mediaUrlRefreshed(URI mediaUrl, Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return draft(now).videoUrl(mediaUrl).statusReads(statusReads + 1).build();
  }

  /** The video is in our store and verified. */
  public VideoJob contentStored(StoredContent stored, Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return draft(now).content(stored).error(null).consecutiveFailures(0).nextCheckAt(null).build();
  }

  /** A download failed; try again at {@code retryAt}. */
  public VideoJob downloadFailed(Instant now, Instant retryAt) {
    requireStatus(JobStatus.COMPLETED);
    return draft(now).consecutiveFailures(consecutiveFailures + 1).nextCheckAt(retryAt).build();
  }

  /** Downloads kept failing: the job stays completed, without content, until a user asks again. */
  public VideoJob downloadAbandoned(String message, Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return draft(now)
        .consecutiveFailures(consecutiveFailures + 1)
        .error(new JobError(ErrorCode.DOWNLOAD_FAILED, message))
        .nextCheckAt(null)
        .build();
  }

  /** A user asked for the video again after downloads were abandoned. */
  public VideoJob downloadRequested(Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return draft(now).error(null).consecutiveFailures(0).nextCheckAt(now).build();
  }

  public VideoJob canceled(Instant now) {
    return moveTo(JobStatus.CANCELED, now).submitStartedAt(null).nextCheckAt(null).build();
  }

  /**
   * A user's explicit retry of a failed job: a new submission attempt. This is the one way out of a
   * terminal status, and only ever on a person's or program's explicit request.
   */
  public VideoJob reopenForRetry(Instant now, Instant newDeadline) {
    if (status != JobStatus.FAILED) {
      throw new IllegalTransitionException(id, status, JobStatus.PENDING);
    }
    return draft(now)
        .status(JobStatus.PENDING)
        .attempt(attempt + 1)
        .submitStartedAt(null)
        .gatewayRequestId(null)
        .videoUrl(null)
        .content(null)
        .error(null)
        .callbackRegistered(false)
        .nextCheckAt(now)
        .statusReads(0)
        .consecutiveFailures(0)
        .deadline(newDeadline)
        .completedAt(null)
        .build();
  }

  /** The same state as stored at another version; for repositories only. */
  public VideoJob atVersion(long newVersion) {
    return draft(updatedAt).version(newVersion).build();
  }

  private void requireStatus(JobStatus expected) {
    if (status != expected) {
      throw new IllegalStateException(
          "job " + id + " is " + status.wireName() + ", expected " + expected.wireName());
    }
  }

  private Draft moveTo(JobStatus next, Instant now) {
    if (!status.canMoveTo(next)) {
      throw new IllegalTransitionException(id, status, next);
    }
    return draft(now).status(next);
  }

  private Draft draft(Instant now) {
    return new Draft(this).updatedAt(now);
  }

  /** A mutable copy used only inside the transitions above, so each says just what changes. */
  private static final class Draft {
    private final VideoJob from;
    private JobStatus status;
    private int attempt;
    private Instant submitStartedAt;
    private String gatewayRequestId;
    private URI videoUrl;
    private StoredContent content;
    private JobError error;
    private boolean callbackRegistered;
    private Instant nextCheckAt;
    private int statusReads;
    private int consecutiveFailures;
    private Instant deadline;
    private Instant updatedAt;
    private Instant completedAt;
    private long version;

    Draft(VideoJob job) {
      this.from = job;
      this.status = job.status;
      this.attempt = job.attempt;
      this.submitStartedAt = job.submitStartedAt;
      this.gatewayRequestId = job.gatewayRequestId;
      this.videoUrl = job.videoUrl;
      this.content = job.content;
      this.error = job.error;
      this.callbackRegistered = job.callbackRegistered;
      this.nextCheckAt = job.nextCheckAt;
      this.statusReads = job.statusReads;
      this.consecutiveFailures = job.consecutiveFailures;
      this.deadline = job.deadline;
      this.updatedAt = job.updatedAt;
      this.completedAt = job.completedAt;
      this.version = job.version;
    }

    Draft status(JobStatus value) {
      status = value;
      return this;
    }

    Draft attempt(int value) {
      attempt = value;
      return this;
    }

    Draft submitStartedAt(Instant value) {
      submitStartedAt = value;
      return this;
    }

    Draft gatewayRequestId(String value) {
      gatewayRequestId = value;
      return this;
    }

    Draft videoUrl(URI value) {
      videoUrl = value;
      return this;
    }

    Draft content(StoredContent value) {
      content = value;
      return this;
    }

    Draft error(JobError value) {
      error = value;
      return this;
    }

    Draft callbackRegistered(boolean value) {
      callbackRegistered = value;
      return this;
    }

    Draft nextCheckAt(Instant value) {
      nextCheckAt = value;
      return this;
    }

    Draft statusReads(int value) {
      statusReads = value;
      return this;
    }

    Draft consecutiveFailures(int value) {
      consecutiveFailures = value;
      return this;
    }

    Draft deadline(Instant value) {
      deadline = value;
      return this;
    }

    Draft updatedAt(Instant value) {
      updatedAt = value;
      return this;
    }

    Draft completedAt(Instant value) {
      completedAt = value;
      return this;
    }

    Draft version(long value) {
      version = value;
      return this;
    }

    VideoJob build() {
      return new VideoJob(
          from.id,
          from.tenant,
          from.request,
          status,
          attempt,
          submitStartedAt,
          gatewayRequestId,
          videoUrl,
          content,
          error,
          from.callbackToken,
          callbackRegistered,
          from.idempotencyKey,
          nextCheckAt,
          statusReads,
          consecutiveFailures,
          deadline,
          from.createdAt,
          updatedAt,
          completedAt,
          version);
    }
  }
}
