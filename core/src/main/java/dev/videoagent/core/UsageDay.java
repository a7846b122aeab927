package dev.videoagent.core;

import java.time.LocalDate;
import java.util.Objects;

/** A tenant's counters of one UTC day. */
public record UsageDay(LocalDate date, UsageCounts counts) {
  public UsageDay {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(counts, "counts");
  }
}
