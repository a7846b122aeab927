package dev.videoagent.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Which write of a job this is: when it was last changed, and the optimistic-concurrency counter
 * that the repository advances on each write (its compare-and-set is on this).
 *
 * @param updatedAt when a transition last changed the job
 * @param version 0 when inserted, one more on each update
 */
public record JobRevision(Instant updatedAt, long version) {

  public JobRevision {
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative");
    }
  }

  JobRevision touchedAt(Instant now) {
    return new JobRevision(now, version);
  }

  JobRevision atVersion(long next) {
    return new JobRevision(updatedAt, next);
  }
}
