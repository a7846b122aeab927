package dev.videoagent.embedded;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A tenant's usage of one UTC day.
 *
 * <p>Thread-safe (immutable).
 *
 * @param date the day, in UTC
 * @param figures what was counted that day; all zero on a quiet day
 */
public record UsageDay(LocalDate date, UsageFigures figures) {
  /**
   * Checks that both parts are given.
   *
   * @param date the day, in UTC
   * @param figures what was counted that day; all zero on a quiet day
   * @throws NullPointerException when {@code date} or {@code figures} is null
   */
  public UsageDay {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(figures, "figures");
  }
}
