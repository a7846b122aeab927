package dev.videoagent.core.port;

import dev.videoagent.core.DailyLimitReached;
import java.util.Objects;

/**
 * A create or retry would go past a daily limit: nothing was written (the job is not stored, the
 * retry not made, and the count not raised).
 */
public final class DailyLimitReachedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient DailyLimitReached reached;

  public DailyLimitReachedException(DailyLimitReached reached) {
    super(Objects.requireNonNull(reached, "reached").sentence());
    this.reached = reached;
  }

  public DailyLimitReached reached() {
    return reached;
  }
}
