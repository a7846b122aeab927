package dev.videoagent.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who ended a job {@code canceled}: a person or program through our API, or the gateway itself. */
public enum CanceledBy {
  /** A user's cancel (REST, command line, library). */
  USER,
  /** The gateway reported the job {@code CANCELLED}/{@code CANCELED}. */
  GATEWAY;

  /** The lower-case name used in JSON and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; empty for anything else. */
  public static Optional<CanceledBy> fromWire(String value) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
  }
}
