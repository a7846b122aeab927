package dev.videoagent.embedded.internal;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs expected trouble (a refused key, a database that does not answer) as one line without a
 * stack trace, and the same line again only after a quiet minute, so a fault that lasts does not
 * flood the host's log.
 */
final class TroubleLog {
  private static final long REPEAT_AFTER_NANOS = Duration.ofMinutes(1).toNanos();

  private final Logger log;
  private String lastMessage;
  private long lastAt;

  TroubleLog(Logger log) {
    this.log = log;
  }

  synchronized void warn(String message) {
    long now = System.nanoTime();
    if (message.equals(lastMessage) && now - lastAt < REPEAT_AFTER_NANOS) {
      return;
    }
    lastMessage = message;
    lastAt = now;
    log.warn(message);
  }
}
