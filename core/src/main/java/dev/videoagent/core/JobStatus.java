package dev.videoagent.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a job stands. The allowed moves between statuses live here and nowhere else:
 *
 * <pre>
 * pending → queued → processing → completed | failed | canceled
 * </pre>
 *
 * Terminal statuses never change again by themselves; the only way out of {@code failed} is an
 * explicit retry by the user, which {@link VideoJob#reopenForRetry} models as a new attempt.
 */
public enum JobStatus {
  PENDING,
  QUEUED,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELED;

  /** The lower-case name used in JSON, on the command line and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELED;
  }

  /** True when the gateway holds the job: it counts against the account's concurrency. */
  public boolean isWithGateway() {
    return this == QUEUED || this == PROCESSING;
  }

  public boolean canMoveTo(JobStatus next) {
    return allowedNext().contains(next);
  }

  public Set<JobStatus> allowedNext() {
    return switch (this) {
      case PENDING -> EnumSet.of(QUEUED, PROCESSING, COMPLETED, FAILED, CANCELED);
      case QUEUED -> EnumSet.of(PROCESSING, COMPLETED, FAILED, CANCELED);
      case PROCESSING -> EnumSet.of(COMPLETED, FAILED, CANCELED);
      case COMPLETED, FAILED, CANCELED -> EnumSet.noneOf(JobStatus.class);
    };
  }

  /** Parses a wire name; empty for anything that is not exactly one of the statuses. */
  public static Optional<JobStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
  }
}
