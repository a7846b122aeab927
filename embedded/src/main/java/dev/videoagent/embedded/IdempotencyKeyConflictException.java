package dev.videoagent.embedded;

import java.util.Objects;

/**
 * The idempotency key of a submitted {@link VideoSpec} was used before with a different spec. The
 * earlier job is left as it is; use a new key for a new request.
 *
 * <p>Thread-safe once thrown (immutable).
 */
public final class IdempotencyKeyConflictException extends VideoAgentException {
  private static final long serialVersionUID = 1L;

  private final transient Video existing;

  /**
   * An exception carrying the job that holds the key.
   *
   * @param existing the job created earlier with the same key
   */
  public IdempotencyKeyConflictException(Video existing) {
    super(
        "The idempotency key was already used for another request, by the video job "
            + Objects.requireNonNull(existing, "existing").id()
            + "; use a new key for a new request.");
    this.existing = existing;
  }

  /**
   * The job created earlier with the same key.
   *
   * @return that job (null only after Java serialization, which does not keep it)
   */
  public Video existing() {
    return existing;
  }
}
