package dev.videoagent.core;

/** Where one delivery of one event to one URL stands. */
public enum DeliveryState {
  /** Not yet answered with a 2xx: due at its next attempt. */
  PENDING,
  /** A 2xx was received; never sent again unless someone asks to redeliver it. */
  DELIVERED,
  /** Retried for the whole retry period without a 2xx: no more attempts. */
  GAVE_UP,
  /** The receiver answered 410 Gone, or its endpoint was removed or disabled. */
  STOPPED;

  /** The wire name: lower case. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
