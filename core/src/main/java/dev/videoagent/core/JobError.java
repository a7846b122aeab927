package dev.videoagent.core;

import java.util.Objects;

/** A failure a person can read: a stable code and a sentence. */
public record JobError(ErrorCode code, String message) {
  public JobError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
