package dev.videoagent.core.port;

/** A job with the same id or the same tenant and idempotency key is already stored. */
public final class DuplicateJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DuplicateJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
