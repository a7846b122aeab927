package dev.videoagent.embedded;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one video job as stored when it was read: what was asked for, where the job stands,
 * and the stored video once there is one. It is never updated in place: read the job again with
 * {@link VideoAgent#get(String)}, or listen with a {@link VideoListener}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the job's id ({@code vid_…}), time-ordered: newer jobs have larger ids
 * @param status where the job stands
 * @param prompt what the video is about, as submitted (trimmed)
 * @param avatar the HeyGen avatar id, or {@code "auto"}
 * @param voice the HeyGen voice id, or {@code "auto"}
 * @param orientation the frame, or {@code null} when the video agent decides
 * @param metadata the caller's own labels, returned untouched, sorted by key; never null
 * @param attempt the submission attempt, 1 for the first; each {@link VideoAgent#retry(String)}
 *     starts the next
 * @param gatewayRequestId the gateway's id for the job once it accepted it, else {@code null}
 * @param videoUrl the gateway's media link once the video is made, else {@code null}; it expires,
 *     the stored copy does not
 * @param content the stored video, or {@code null} until it is downloaded and verified
 * @param error why the job failed or its video could not be stored, or {@code null}
 * @param createdAt when the job was stored
 * @param updatedAt when the job last changed
 * @param completedAt when the gateway reported the video made, or {@code null}
 * @param deadline when an unfinished job ends {@code failed} with {@link VideoError.Code#TIMED_OUT}
 * @param estimatedCompletionAt when the job should finish, told by how long finished jobs like it
 *     took; {@code null} without enough history or once the job has left the gateway
 * @param stalledSince when the job's gateway status was found unmoved for far longer than jobs like
 *     it take ({@link VideoEventType#STALLED}); {@code null} otherwise
 */
public record Video(
    String id,
    VideoStatus status,
    String prompt,
    String avatar,
    String voice,
    Orientation orientation,
    Map<String, String> metadata,
    int attempt,
    String gatewayRequestId,
    URI videoUrl,
    StoredVideo content,
    VideoError error,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt,
    Instant deadline,
    Instant estimatedCompletionAt,
    Instant stalledSince) {

  /**
   * Checks the parts that are always present and copies the metadata.
   *
   * @param id the job's id ({@code vid_…}), time-ordered: newer jobs have larger ids
   * @param status where the job stands
   * @param prompt what the video is about, as submitted (trimmed)
   * @param avatar the HeyGen avatar id, or {@code "auto"}
   * @param voice the HeyGen voice id, or {@code "auto"}
   * @param orientation the frame, or {@code null} when the video agent decides
   * @param metadata the caller's own labels, returned untouched, sorted by key; never null
   * @param attempt the submission attempt, 1 for the first; each {@link VideoAgent#retry(String)}
   *     starts the next
   * @param gatewayRequestId the gateway's id for the job once it accepted it, else {@code null}
   * @param videoUrl the gateway's media link once the video is made, else {@code null}; it expires,
   *     the stored copy does not
   * @param content the stored video, or {@code null} until it is downloaded and verified
   * @param error why the job failed or its video could not be stored, or {@code null}
   * @param createdAt when the job was stored
   * @param updatedAt when the job last changed
   * @param completedAt when the gateway reported the video made, or {@code null}
   * @param deadline when an unfinished job ends {@code failed} with {@link
   *     VideoError.Code#TIMED_OUT}
   * @param estimatedCompletionAt when the job should finish, or {@code null} when there is no basis
   * @param stalledSince when the job was found stalled, or {@code null}
   * @throws NullPointerException when {@code id}, {@code status}, {@code prompt}, {@code
   *     createdAt}, {@code updatedAt} or {@code deadline} is null
   */
  public Video {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(deadline, "deadline");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * Tells when the job should finish, by the duration history of finished jobs like it.
   *
   * @return the estimate, or empty without enough history or once the job has left the gateway
   */
  public Optional<Instant> estimatedCompletionIfKnown() {
    return Optional.ofNullable(estimatedCompletionAt);
  }

  /**
   * Tells whether the job's gateway status has sat unmoved for far longer than jobs like it take.
   * The job is still tracked: it may yet finish, fail or time out.
   *
   * @return true once {@link #stalledSince()} is set
   */
  public boolean isStalled() {
    return stalledSince != null;
  }

  /**
   * Tells whether the video is in the agent's store, ready for {@link VideoAgent#openVideo} and
   * {@link VideoAgent#saveVideo}.
   *
   * @return true once {@link #content()} is set
   */
  public boolean isStored() {
    return content != null;
  }

  /**
   * Tells whether nothing more will happen to the job unless someone asks: its status is final and,
   * when completed, its video is stored or its download was given up.
   *
   * @return true for a settled job
   */
  public boolean isSettled() {
    return status.isTerminal()
        && !(status == VideoStatus.COMPLETED && content == null && error == null);
  }

  /**
   * The stored video, if there is one.
   *
   * @return {@link #content()} as an {@code Optional}
   */
  public Optional<StoredVideo> contentIfStored() {
    return Optional.ofNullable(content);
  }

  /**
   * The failure, if there is one.
   *
   * @return {@link #error()} as an {@code Optional}
   */
  public Optional<VideoError> errorIfAny() {
    return Optional.ofNullable(error);
  }

  /**
   * The orientation, if one was asked for.
   *
   * @return {@link #orientation()} as an {@code Optional}
   */
  public Optional<Orientation> orientationIfSet() {
    return Optional.ofNullable(orientation);
  }
}
