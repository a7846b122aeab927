package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A host whose logging backend runs at its default level, INFO, sees no line of the database's
 * set-up from a hello world: no Flyway progress reports, no connection-pool chatter.
 */
class QuietHostLogTest {
  @TempDir Path home;

  @Test
  void openingAndMigratingAFreshDatabaseLogsNothingAtInfo() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    root.addAppender(seen);
    root.setLevel(Level.INFO);
    try {
      try (VideoAgent agent = TestAgents.sandboxed(home.resolve("fresh")).build()) {
        agent.submit("Hello");
      }
    } finally {
      root.setLevel(rootLevel);
      root.detachAppender(seen);
    }
    List<String> fromLibraries =
        seen.list.stream()
            .filter(e -> !e.getLoggerName().startsWith("dev.videoagent"))
            .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
            .toList();
    assertThat(fromLibraries).isEmpty();
  }
}
