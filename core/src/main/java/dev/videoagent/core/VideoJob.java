package dev.videoagent.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One video job: the request, where it stands, and what the tracker must do next. Immutable; every
 * change returns the next state and checks the move against {@link JobStatus}.
 *
 * <p>The fields live in four groups that change for different reasons, each checking its own
 * invariants: {@link JobIdentity} (fixed at creation), {@link JobLifecycle} (status and what the
 * gateway gave back), {@link JobSchedule} (the next check, the attempt mark, counters, deadline)
 * and {@link JobRevision} (the stored copy's version). The accessors below read through to them, so
 * a job is still read as one value ({@code job.status()}, {@code job.nextCheckAt()}, …).
 */
public record VideoJob(
    JobIdentity identity, JobLifecycle lifecycle, JobSchedule schedule, JobRevision revision) {

  public VideoJob {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(revision, "revision");
    if (schedule.submitStartedAt() != null && lifecycle.status() != JobStatus.PENDING) {
      throw new IllegalArgumentException(
          "job " + identity.id() + ": only a pending job carries an attempt mark");
    }
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
        new JobIdentity(id, tenant, request, callbackToken, idempotencyKey, now),
        JobLifecycle.firstAttempt(),
        JobSchedule.startingAt(now, deadline),
        new JobRevision(now, 0));
  }

  // ---------------------------------------------------------------------------------------------
  // The fields, read through to their groups.

  public String id() {
    return identity.id();
  }

  public String tenant() {
    return identity.tenant();
  }

  public VideoRequest request() {
    return identity.request();
  }

  public String callbackToken() {
    return identity.callbackToken();
  }

  public String idempotencyKey() {
    return identity.idempotencyKey();
  }

  public Instant createdAt() {
    return identity.createdAt();
  }

  public JobStatus status() {
    return lifecycle.status();
  }

  public int attempt() {
    return lifecycle.attempt();
  }

  public String gatewayRequestId() {
    return lifecycle.gatewayRequestId();
  }

  public URI videoUrl() {
    return lifecycle.videoUrl();
  }

  public StoredContent content() {
    return lifecycle.content();
  }

  public JobError error() {
    return lifecycle.error();
  }

  public boolean callbackRegistered() {
    return lifecycle.callbackRegistered();
  }

  public Instant completedAt() {
    return lifecycle.completedAt();
  }

  /** Who canceled the job, or {@code null} when it is not canceled. */
  public CanceledBy canceledBy() {
    return lifecycle.canceledBy();
  }

  /** Whether this attempt's ambiguous submission was settled by a gateway callback. */
  public boolean settledByCallback() {
    return lifecycle.settledByCallback();
  }

  /** The callback window of an unanswered attempt, or {@code null}. */
  public CallbackWindow callbackWindow() {
    return schedule.callbackWindow();
  }

  public Optional<CallbackWindow> callbackWindowIfAny() {
    return Optional.ofNullable(schedule.callbackWindow());
  }

  public Instant nextCheckAt() {
    return schedule.nextCheckAt();
  }

  public Instant submitStartedAt() {
    return schedule.submitStartedAt();
  }

  public int statusReads() {
    return schedule.statusReads();
  }

  public int consecutiveFailures() {
    return schedule.consecutiveFailures();
  }

  public Instant deadline() {
    return schedule.deadline();
  }

  public Instant updatedAt() {
    return revision.updatedAt();
  }

  public long version() {
    return revision.version();
  }

  // ---------------------------------------------------------------------------------------------
  // Questions.

  public boolean isDue(Instant now) {
    return schedule.isDue(now);
  }

  /**
   * Pending and not yet sent: moving on means a submission, which needs a free slot under the
   * in-flight cap.
   */
  public boolean waitsForSlot() {
    return status() == JobStatus.PENDING && submitStartedAt() == null;
  }

  /** The process that marked the attempt never recorded an answer. */
  public boolean hasUnansweredAttempt() {
    return status() == JobStatus.PENDING && submitStartedAt() != null;
  }

  /**
   * The submission's outcome is unknown and a gateway callback may still settle it: pending, with
   * its attempt mark (so it is never sent again by itself) and an open or closing window.
   */
  public boolean awaitsCallback() {
    return hasUnansweredAttempt() && callbackWindow() != null;
  }

  /**
   * Takes a slot under the in-flight cap: with the gateway, or being sent right now. A job waiting
   * for a callback does not (like a {@code submission_unknown} job), so a run of ambiguous answers
   * cannot hold the queue back for the whole window.
   */
  public boolean holdsSlot() {
    return status().isWithGateway() || (hasUnansweredAttempt() && !awaitsCallback());
  }

  /** Completed at the gateway but the video is not in our store yet and we have not given up. */
  public boolean awaitsDownload() {
    return status() == JobStatus.COMPLETED && content() == null && error() == null;
  }

  /** Nothing more will happen unless a user asks: terminal, and the video stored if any. */
  public boolean isSettled() {
    return status().isTerminal() && !awaitsDownload();
  }

  /**
   * Whether a user would see a difference from {@code before}: another status, stored content or
   * error. Claims, counters and the next check are bookkeeping, not news. The one definition for
   * progress lines, change events and waits.
   */
  public boolean visiblyChangedFrom(VideoJob before) {
    return before.status() != status()
        || !Objects.equals(before.content(), content())
        || !Objects.equals(before.error(), error());
  }

  public Optional<StoredContent> contentIfStored() {
    return Optional.ofNullable(content());
  }

  public Optional<JobError> errorIfAny() {
    return Optional.ofNullable(error());
  }

  // ---------------------------------------------------------------------------------------------
  // Transitions: the only ways to change a job.

  /** Takes the job for a while: other workers skip it until {@code until} passes. */
  public VideoJob claimedUntil(Instant until, Instant now) {
    return next(now, lifecycle, schedule.checkAt(until));
  }

  /** Marks the submission attempt before the gateway is called. */
  public VideoJob submissionStarted(Instant now, Instant leaseUntil) {
    if (!waitsForSlot()) {
      throw new IllegalStateException(
          "job " + id() + " can only start a submission when pending and not already attempted");
    }
    return next(now, lifecycle, schedule.attemptMarkedAt(now).checkAt(leaseUntil));
  }

  /** The gateway took the job. */
  public VideoJob acceptedByGateway(
      String requestId, boolean callbackRegistered, Instant now, Instant firstCheck) {
    Objects.requireNonNull(requestId, "requestId");
    requireMove(JobStatus.QUEUED);
    return next(
        now,
        lifecycle.accepted(requestId, callbackRegistered),
        schedule.attemptCleared().succeeded().checkAt(firstCheck));
  }

  /**
   * The submission's outcome is unknown, and the gateway was asked to call back: the job keeps its
   * attempt mark and waits for a callback until {@code window} closes (when it is next due).
   */
  public VideoJob awaitingCallback(CallbackWindow window, Instant now) {
    Objects.requireNonNull(window, "window");
    if (!hasUnansweredAttempt()) {
      throw new IllegalStateException("job " + id() + " has no unanswered attempt to hold");
    }
    return next(now, lifecycle, schedule.withCallbackWindow(window).checkAt(window.until()));
  }

  /** A genuine callback named {@code requestId}: due at once, to read it from the gateway. */
  public VideoJob callbackNamed(String requestId, Instant now) {
    if (!awaitsCallback()) {
      throw new IllegalStateException("job " + id() + " is not waiting for a callback");
    }
    return next(
        now,
        lifecycle,
        schedule.withCallbackWindow(callbackWindow().naming(requestId)).checkAt(now));
  }

  /**
   * The gateway answered for the request a callback named: the submission was taken after all.
   * Queued, with that request id, as if the submit had answered; the caller applies the status
   * read.
   */
  public VideoJob settledByCallback(String requestId, Instant now) {
    Objects.requireNonNull(requestId, "requestId");
    if (!awaitsCallback()) {
      throw new IllegalStateException("job " + id() + " is not waiting for a callback");
    }
    requireMove(JobStatus.QUEUED);
    return next(
        now,
        lifecycle.settledByCallback(requestId),
        schedule.attemptCleared().succeeded().checkAt(now));
  }

  /** The gateway certainly did not take the job (refused, rate-limited): try again later. */
  public VideoJob submissionDeferred(Instant now, Instant retryAt) {
    requireStatus(JobStatus.PENDING);
    return next(now, lifecycle, schedule.attemptCleared().failedAgain().checkAt(retryAt));
  }

  /**
   * Not taken for a reason that is not the job's (the account is out of credit): back in line as it
   * was, due again at {@code retryAt}, without a failure counted against it.
   */
  public VideoJob submissionPutBack(Instant now, Instant retryAt) {
    requireStatus(JobStatus.PENDING);
    return next(now, lifecycle, schedule.attemptCleared().checkAt(retryAt));
  }

  /** A status read said the job is still queued or processing. */
  public VideoJob stillRunning(JobStatus reported, Instant now, Instant nextCheck) {
    if (!reported.isWithGateway()) {
      throw new IllegalArgumentException("not a running status: " + reported);
    }
    // The gateway may report QUEUED again after PROCESSING; we never move backwards.
    JobStatus running = status() == JobStatus.PROCESSING ? JobStatus.PROCESSING : reported;
    if (running != status()) {
      requireMove(running);
    }
    return next(
        now, lifecycle.movedTo(running), schedule.statusRead().succeeded().checkAt(nextCheck));
  }

  /** A status read said the video is ready: due for download at once. */
  public VideoJob completedAt(URI mediaUrl, Instant now) {
    Objects.requireNonNull(mediaUrl, "mediaUrl");
    requireMove(JobStatus.COMPLETED);
    return next(
        now, lifecycle.completed(mediaUrl, now), schedule.statusRead().succeeded().checkAt(now));
  }

  /** Counts a status read that ended the job (failed at the gateway). */
  public VideoJob failedAtGateway(String reason, Instant now) {
    return next(now, lifecycle, schedule.statusRead())
        .failed(ErrorCode.GATEWAY_FAILED, reason, now);
  }

  /** Ends the job as failed. */
  public VideoJob failed(ErrorCode code, String message, Instant now) {
    requireMove(JobStatus.FAILED);
    return next(
        now,
        lifecycle.failed(new JobError(code, message)),
        schedule.attemptCleared().checkAt(null));
  }

  /** A status read failed or made no sense: read again later, never fail the job for it. */
  public VideoJob readFailed(Instant now, Instant retryAt) {
    return next(now, lifecycle, schedule.failedAgain().checkAt(retryAt));
  }

  /** The gateway handed out a fresh media URL (the old one expired). */
  public VideoJob mediaUrlRefreshed(URI mediaUrl, Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return next(now, lifecycle.withVideoUrl(mediaUrl), schedule.statusRead());
  }

  /** The video is in our store and verified. */
  public VideoJob contentStored(StoredContent stored, Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return next(now, lifecycle.withDownload(stored, null), schedule.succeeded().checkAt(null));
  }

  /** A download failed; try again at {@code retryAt}. */
  public VideoJob downloadFailed(Instant now, Instant retryAt) {
    requireStatus(JobStatus.COMPLETED);
    return next(now, lifecycle, schedule.failedAgain().checkAt(retryAt));
  }

  /** Downloads kept failing: the job stays completed, without content, until a user asks again. */
  public VideoJob downloadAbandoned(String message, Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return next(
        now,
        lifecycle.withDownload(content(), new JobError(ErrorCode.DOWNLOAD_FAILED, message)),
        schedule.failedAgain().checkAt(null));
  }

  /** A user asked for the video again after downloads were abandoned. */
  public VideoJob downloadRequested(Instant now) {
    requireStatus(JobStatus.COMPLETED);
    return next(now, lifecycle.withDownload(content(), null), schedule.succeeded().checkAt(now));
  }

  /** A user canceled the job. */
  public VideoJob canceled(Instant now) {
    requireMove(JobStatus.CANCELED);
    return next(
        now, lifecycle.canceledBy(CanceledBy.USER), schedule.attemptCleared().checkAt(null));
  }

  /** A status read said the gateway canceled the job. */
  public VideoJob canceledAtGateway(Instant now) {
    requireMove(JobStatus.CANCELED);
    return next(
        now,
        lifecycle.canceledBy(CanceledBy.GATEWAY),
        schedule.statusRead().attemptCleared().checkAt(null));
  }

  /**
   * A user's explicit retry of a failed job: a new submission attempt. This is the one way out of a
   * terminal status, and only ever on a person's or program's explicit request.
   */
  public VideoJob reopenForRetry(Instant now, Instant newDeadline) {
    if (status() != JobStatus.FAILED) {
      throw new IllegalTransitionException(id(), status(), JobStatus.PENDING);
    }
    return new VideoJob(
        identity,
        lifecycle.nextAttempt(),
        JobSchedule.startingAt(now, newDeadline),
        revision.touchedAt(now));
  }

  /** The same state as stored at another version; for repositories only. */
  public VideoJob atVersion(long newVersion) {
    return new VideoJob(identity, lifecycle, schedule, revision.atVersion(newVersion));
  }

  private void requireStatus(JobStatus expected) {
    if (status() != expected) {
      throw new IllegalStateException(
          "job " + id() + " is " + status().wireName() + ", expected " + expected.wireName());
    }
  }

  /** Checked before the next state is built, so that a forbidden move is named as such. */
  private void requireMove(JobStatus to) {
    if (!status().canMoveTo(to)) {
      throw new IllegalTransitionException(id(), status(), to);
    }
  }

  /** The next state of this job: every transition but a retry ends here, and so every move. */
  private VideoJob next(Instant now, JobLifecycle nextLifecycle, JobSchedule nextSchedule) {
    if (nextLifecycle.status() != status()) {
      requireMove(nextLifecycle.status());
    }
    return new VideoJob(identity, nextLifecycle, nextSchedule, revision.touchedAt(now));
  }
}
