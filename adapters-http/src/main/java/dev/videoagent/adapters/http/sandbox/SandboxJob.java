package dev.videoagent.adapters.http.sandbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
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

  static final String ID_PREFIX = "heygen-video-agent_";

  SandboxJob(String id, boolean failing, Instant createdAt, URI webhookUrl) {
    this(id, failing, createdAt, System.nanoTime(), webhookUrl);
  }

  private SandboxJob(
      String id, boolean failing, Instant createdAt, long createdNanos, URI webhookUrl) {
    this.id = id;
    this.failing = failing;
    this.createdAt = createdAt;
    this.createdNanos = createdNanos;
    this.webhookUrl = webhookUrl;
  }

  /**
   * A new request id that carries what a later sandbox needs to answer for it: a time-ordered UUID
   * (version 7) whose first 48 bits are the creation time and whose lowest "random" bit says
   * whether the job will fail. So a job taken by one short-lived sandbox (one CLI command) can be
   * read and downloaded from the next.
   */
  static String newId(Instant createdAt, boolean failing, Random random) {
    long msb = (createdAt.toEpochMilli() << 16) | 0x7000L | (random.nextInt(0x800) << 1);
    msb = failing ? msb | 1L : msb & ~1L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return ID_PREFIX + new UUID(msb, lsb);
  }

  /** The job behind an id this or an earlier sandbox made, or empty for any other id. */
  static Optional<SandboxJob> fromId(String id, Instant now) {
    if (id == null || !id.startsWith(ID_PREFIX)) {
      return Optional.empty();
    }
    UUID uuid;
    try {
      uuid = UUID.fromString(id.substring(ID_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (uuid.version() != 7) {
      return Optional.empty();
    }
    long msb = uuid.getMostSignificantBits();
    Instant createdAt = Instant.ofEpochMilli(msb >>> 16);
    if (createdAt.isAfter(now)) {
      return Optional.empty();
    }
    long ageNanos = Duration.between(createdAt, now).toNanos();
    return Optional.of(
        new SandboxJob(id, (msb & 1L) == 1L, createdAt, System.nanoTime() - ageNanos, null));
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
