package dev.videoagent.api.http;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of error the API answers, each with a stable {@code type} URI for RFC 9457 problem
 * documents. Clients branch on {@link #uri()}; the title is for people.
 */
public enum ProblemType {
  INVALID_REQUEST("invalid-request", "The request is not valid", 400),
  UNAUTHORIZED("unauthorized", "A valid API key is required", 401),
  NOT_FOUND("not-found", "Not found", 404),
  VIDEO_NOT_READY("video-not-ready", "The video is not stored yet", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  REQUEST_TIMEOUT("request-timeout", "The request arrived too slowly", 408),
  JOB_STATE_CONFLICT("job-state-conflict", "The job's status does not allow this", 409),
  IDEMPOTENCY_KEY_REUSED(
      "idempotency-key-reused", "The Idempotency-Key was used for another request", 409),
  PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request body must be JSON", 415),
  RANGE_NOT_SATISFIABLE("range-not-satisfiable", "The requested range is not satisfiable", 416),
  INTERNAL_ERROR("internal-error", "Internal server error", 500),
  DAILY_LIMIT_REACHED("daily-limit-reached", "A daily limit is reached", 429),
  TOO_MANY_STREAMS("too-many-streams", "Too many open event streams", 429),
  SERVICE_UNAVAILABLE("service-unavailable", "The service is temporarily unavailable", 503);

  private static final String PREFIX = "urn:videoagent:problem:";

  private final String slug;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public String uri() {
    return PREFIX + slug;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }

  /**
   * The general type for an answer of {@code status} whose cause is not known (Jetty's own
   * answers): the first type of that status, {@code not-found} for 404; none for 409, whose types
   * each name a specific conflict.
   */
  static Optional<ProblemType> generalTypeOf(int status) {
    return status == 409
        ? Optional.empty()
        : Arrays.stream(values()).filter(t -> t.status == status).findFirst();
  }

  /** A problem of this type. */
  public Problem problem(String detail) {
    return new Problem(uri(), title, status, detail, null);
  }
}
