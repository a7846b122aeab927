package dev.videoagent.assembly.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.videoagent.core.CallbackWindow;
import dev.videoagent.core.JobError;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A job as users see it, in the REST API and in the CLI's {@code --json}: the contract's fields,
 * every one present (null when unknown), instants in ISO-8601 UTC to the millisecond. Secrets (the
 * callback token) and tracking internals are left out.
 *
 * <p>Beyond the contract: {@code canceled_by} ({@code user} or {@code gateway} for a canceled job,
 * else null), {@code settled_by_callback} (this attempt's ambiguous submission was settled by the
 * gateway's callback) and {@code awaiting_callback_until} (a pending job whose submission has no
 * answer waits for the gateway's callback until then; null otherwise).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "id",
  "status",
  "prompt",
  "avatar",
  "voice",
  "orientation",
  "metadata",
  "callback_url",
  "gateway_request_id",
  "video_url",
  "content",
  "error",
  "attempt",
  "canceled_by",
  "settled_by_callback",
  "awaiting_callback_until",
  "created_at",
  "updated_at",
  "completed_at"
})
public record JobView(
    String id,
    String status,
    String prompt,
    String avatar,
    String voice,
    String orientation,
    Map<String, String> metadata,
    @JsonProperty("callback_url") URI callbackUrl,
    @JsonProperty("gateway_request_id") String gatewayRequestId,
    @JsonProperty("video_url") URI videoUrl,
    ContentView content,
    ErrorView error,
    int attempt,
    @JsonProperty("canceled_by") String canceledBy,
    @JsonProperty("settled_by_callback") boolean settledByCallback,
    @JsonProperty("awaiting_callback_until") Instant awaitingCallbackUntil,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("completed_at") Instant completedAt) {

  /** The stored video: its checksum, size and type. */
  public record ContentView(
      String sha256, long bytes, @JsonProperty("content_type") String contentType) {
    static ContentView of(StoredContent content) {
      return content == null
          ? null
          : new ContentView(content.sha256(), content.bytes(), content.contentType());
    }
  }

  /** Why the job failed (or its video could not be stored). */
  public record ErrorView(String code, String message) {
    static ErrorView of(JobError error) {
      return error == null ? null : new ErrorView(error.code().wireName(), error.message());
    }
  }

  public static JobView of(VideoJob job) {
    return new JobView(
        job.id(),
        job.status().wireName(),
        job.request().prompt(),
        job.request().avatar(),
        job.request().voice(),
        job.request().orientationIfSet().map(o -> o.wireName()).orElse(null),
        job.request().metadata(),
        job.request().callbackUrl(),
        job.gatewayRequestId(),
        job.videoUrl(),
        ContentView.of(job.content()),
        ErrorView.of(job.error()),
        job.attempt(),
        job.canceledBy() == null ? null : job.canceledBy().wireName(),
        job.settledByCallback(),
        millis(job.callbackWindowIfAny().map(CallbackWindow::until).orElse(null)),
        millis(job.createdAt()),
        millis(job.updatedAt()),
        millis(job.completedAt()));
  }

  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
