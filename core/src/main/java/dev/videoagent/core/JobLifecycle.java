package dev.videoagent.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a job stands and what it has produced so far: the status with what the gateway gave back
 * for this attempt. The constructor holds the fields to what the status allows, so a job can never
 * claim, say, stored content while still queued. Changed only through {@link VideoJob}'s
 * transitions, which also check each status move against {@link JobStatus}.
 *
 * @param status where it stands
 * @param attempt the submission attempt, 1 for the first; a user's retry starts the next one
 * @param gatewayRequestId the gateway's request id once it accepted the job
 * @param videoUrl the gateway's media URL once completed (it expires; {@code content} does not)
 * @param content the stored video, once downloaded and verified
 * @param error why the job failed, or why its video could not be stored
 * @param callbackRegistered whether the gateway was asked to call us back for this attempt
 * @param completedAt when the gateway reported the video ready
 * @param canceledBy who canceled the job; set exactly when it is {@code canceled}
 * @param settledByCallback whether this attempt's ambiguous submission was settled by a gateway
 *     callback naming its request (read back from the gateway), instead of by the submit's answer
 */
public record JobLifecycle(
    JobStatus status,
    int attempt,
    String gatewayRequestId,
    URI videoUrl,
    StoredContent content,
    JobError error,
    boolean callbackRegistered,
    Instant completedAt,
    CanceledBy canceledBy,
    boolean settledByCallback) {

  public JobLifecycle {
    Objects.requireNonNull(status, "status");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, not " + attempt);
    }
    boolean completed = status == JobStatus.COMPLETED;
    if (status == JobStatus.PENDING && (gatewayRequestId != null || callbackRegistered)) {
      throw new IllegalArgumentException("a pending job has no gateway request yet");
    }
    if ((status.isWithGateway() || completed) && gatewayRequestId == null) {
      throw new IllegalArgumentException(
          "a " + status.wireName() + " job has the gateway's request id");
    }
    if (completed != (videoUrl != null) || completed != (completedAt != null)) {
      throw new IllegalArgumentException(
          "a video URL and a completion time belong to completed jobs, and every completed job has"
              + " both");
    }
    if (content != null && !completed) {
      throw new IllegalArgumentException("only a completed job has stored content");
    }
    if (content != null && error != null) {
      throw new IllegalArgumentException("a job with stored content has no error");
    }
    if ((status == JobStatus.CANCELED) != (canceledBy != null)) {
      throw new IllegalArgumentException(
          "a canceled job, and only a canceled one, says who did it");
    }
    if (settledByCallback && gatewayRequestId == null) {
      throw new IllegalArgumentException(
          "a job settled by a callback has the gateway's request id");
    }
    if (status == JobStatus.FAILED && error == null) {
      throw new IllegalArgumentException("a failed job says why");
    }
    boolean downloadGivenUp =
        completed && error != null && error.code() == ErrorCode.DOWNLOAD_FAILED;
    if (error != null && status != JobStatus.FAILED && !downloadGivenUp) {
      throw new IllegalArgumentException(
          "only a failed job, or a completed one whose download gave up, has an error");
    }
  }

  /** A job just stored: pending, first attempt, nothing from the gateway yet. */
  static JobLifecycle firstAttempt() {
    return new JobLifecycle(JobStatus.PENDING, 1, null, null, null, null, false, null, null, false);
  }

  /** The next attempt of a failed job: pending again, everything of the last attempt dropped. */
  JobLifecycle nextAttempt() {
    return new JobLifecycle(
        JobStatus.PENDING, attempt + 1, null, null, null, null, false, null, null, false);
  }

  JobLifecycle movedTo(JobStatus next) {
    return new JobLifecycle(
        next,
        attempt,
        gatewayRequestId,
        videoUrl,
        content,
        error,
        callbackRegistered,
        completedAt,
        canceledBy,
        settledByCallback);
  }

  JobLifecycle canceledBy(CanceledBy who) {
    return new JobLifecycle(
        JobStatus.CANCELED,
        attempt,
        gatewayRequestId,
        videoUrl,
        content,
        error,
        callbackRegistered,
        completedAt,
        who,
        settledByCallback);
  }

  JobLifecycle accepted(String requestId, boolean callback) {
    return new JobLifecycle(
        JobStatus.QUEUED, attempt, requestId, null, null, null, callback, null, null, false);
  }

  /** Accepted after all: a callback named the request, and the gateway answered for it. */
  JobLifecycle settledByCallback(String requestId) {
    return new JobLifecycle(
        JobStatus.QUEUED, attempt, requestId, null, null, null, true, null, null, true);
  }

  JobLifecycle completed(URI mediaUrl, Instant at) {
    return new JobLifecycle(
        JobStatus.COMPLETED,
        attempt,
        gatewayRequestId,
        mediaUrl,
        null,
        null,
        callbackRegistered,
        at,
        canceledBy,
        settledByCallback);
  }

  JobLifecycle failed(JobError why) {
    return new JobLifecycle(
        JobStatus.FAILED,
        attempt,
        gatewayRequestId,
        videoUrl,
        content,
        why,
        callbackRegistered,
        completedAt,
        canceledBy,
        settledByCallback);
  }

  JobLifecycle withVideoUrl(URI mediaUrl) {
    return new JobLifecycle(
        status,
        attempt,
        gatewayRequestId,
        mediaUrl,
        content,
        error,
        callbackRegistered,
        completedAt,
        canceledBy,
        settledByCallback);
  }

  /** What a download left: the stored video, or why there is none ({@code null} to try again). */
  JobLifecycle withDownload(StoredContent stored, JobError why) {
    return new JobLifecycle(
        status,
        attempt,
        gatewayRequestId,
        videoUrl,
        stored,
        why,
        callbackRegistered,
        completedAt,
        canceledBy,
        settledByCallback);
  }
}
