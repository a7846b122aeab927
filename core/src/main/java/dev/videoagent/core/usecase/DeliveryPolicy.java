package dev.videoagent.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * How webhooks are delivered.
 *
 * @param backoff waits between failed attempts: exponential with full jitter, or what {@code
 *     Retry-After} asks (capped)
 * @param retryFor how long a delivery is retried from its creation (or its redelivery) before it
 *     gives up
 * @param lease how long a dispatcher holds a claimed delivery: longer than any one send, so a live
 *     dispatcher is never overtaken
 * @param batch deliveries claimed (and events fanned out) per round
 * @param concurrency sends in flight at once per process
 */
public record DeliveryPolicy(
    Backoff backoff, Duration retryFor, Duration lease, int batch, int concurrency) {

  /** The longest one send may take, connection and answer together. */
  public static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

  public DeliveryPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(retryFor, "retryFor");
    Objects.requireNonNull(lease, "lease");
    if (lease.compareTo(SEND_TIMEOUT) <= 0) {
      throw new IllegalArgumentException("the lease must be longer than a send may take");
    }
    if (batch < 1 || concurrency < 1) {
      throw new IllegalArgumentException("batch and concurrency must be at least 1");
    }
  }

  /** 30 s doubling to at most 8 h, jittered, for 3 days; 60 s leases; 8 sends at once. */
  public static DeliveryPolicy standard() {
    return new DeliveryPolicy(
        new Backoff(Duration.ofSeconds(30), Duration.ofHours(8)),
        Duration.ofDays(3),
        Duration.ofSeconds(60),
        50,
        8);
  }

  public DeliveryPolicy withBackoff(Backoff value) {
    return new DeliveryPolicy(value, retryFor, lease, batch, concurrency);
  }

  public DeliveryPolicy withRetryFor(Duration value) {
    return new DeliveryPolicy(backoff, value, lease, batch, concurrency);
  }

  public DeliveryPolicy withBatch(int value) {
    return new DeliveryPolicy(backoff, retryFor, lease, value, concurrency);
  }

  public DeliveryPolicy withLease(Duration value) {
    return new DeliveryPolicy(backoff, retryFor, value, batch, concurrency);
  }
}
