package dev.videoagent.core.port;

import java.time.Duration;

/** Waits; tests substitute one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  static Sleeper system() {
    return duration -> Thread.sleep(Math.max(0, duration.toMillis()));
  }
}
