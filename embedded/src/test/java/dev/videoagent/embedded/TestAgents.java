package dev.videoagent.embedded;

import java.nio.file.Path;
import java.time.Duration;

/** Agents tuned for tests: sandbox jobs that take 300 ms, and polling to match. */
final class TestAgents {
  static final Duration SANDBOX_DELAY = Duration.ofMillis(300);

  private TestAgents() {}

  /** A builder against the agent's own sandbox, with its home (and SQLite file) in {@code home}. */
  static VideoAgent.Builder sandboxed(Path home) {
    return fast(VideoAgent.builder().sandbox(SANDBOX_DELAY).home(home));
  }

  /** Short polling and idle intervals, so that sandbox jobs are seen done promptly. */
  static VideoAgent.Builder fast(VideoAgent.Builder builder) {
    return builder
        .polling(Duration.ofMillis(200), Duration.ofMillis(500))
        .idlePoll(Duration.ofMillis(100))
        .shutdownGrace(Duration.ofSeconds(5));
  }
}
