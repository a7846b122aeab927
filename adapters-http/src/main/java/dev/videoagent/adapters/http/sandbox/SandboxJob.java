package dev.videoagent.adapters.http.sandbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One job the sandbox took. Its status is computed from its age, so no thread works on it while it
 * "renders".
 */
final class SandboxJob {
  enum Phase {
    QUEUED,
    PROCESSING,
    COMPLETED,
    FAILED;

    boolean isFinal() {
      return this == COMPLETED || this == FAILED;
    }
  }

  private final String id;
  private final boolean failing;
  private final Instant createdAt;
  private final long createdNanos;
  private final URI webhookUrl;
  private final AtomicInteger mediaFetches = new AtomicInteger();

  SandboxJob(String id, boolean failing, Instant createdAt, URI webhookUrl) {
    this.id = id;
    this.failing = failing;
    this.createdAt = createdAt;
    this.createdNanos = System.nanoTime();
    this.webhookUrl = webhookUrl;
  }

  String id() {
    return id;
  }

  Instant createdAt() {
    return createdAt;
  }

  Optional<URI> webhookUrl() {
    return Optional.ofNullable(webhookUrl);
  }

  /** Queued for the first third of {@code completionDelay}, processing for the rest, then done. */
  Phase phase(Duration completionDelay) {
    long age = System.nanoTime() - createdNanos;
    long total = completionDelay.toNanos();
    if (age >= total) {
      return failing ? Phase.FAILED : Phase.COMPLETED;
    }
    return age < total / 3 ? Phase.QUEUED : Phase.PROCESSING;
  }

  /** Counts a media fetch and returns its number, starting at 1. */
  int countMediaFetch() {
    return mediaFetches.incrementAndGet();
  }
}
