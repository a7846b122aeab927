package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CliLoggingTest {
  private final String before = System.getProperty(CliContext.LOG_LEVEL_PROPERTY);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(CliContext.LOG_LEVEL_PROPERTY);
    } else {
      System.setProperty(CliContext.LOG_LEVEL_PROPERTY, before);
    }
  }

  @Test
  void theProductLogsAtTheLevelAskedForTheLibrariesAtWarnAndAllToStderr() {
    System.setProperty(CliContext.LOG_LEVEL_PROPERTY, "debug");
    LoggerContext context = new LoggerContext();
    CliLogging logging = new CliLogging();
    logging.setContext(context);

    assertThat(logging.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    assertThat(context.getLogger("dev.videoagent.assembly").getEffectiveLevel())
        .isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("org.flywaydb.core").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.jdbi").getEffectiveLevel()).isEqualTo(Level.WARN);
    ConsoleAppender<?> appender =
        (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    assertThat(appender.getTarget()).isEqualTo("System.err");
    assertThat(appender.isStarted()).isTrue();
  }

  @Test
  void withoutALevelTheProductLogsAtInfoAsTheServicesFileSays() {
    System.clearProperty(CliContext.LOG_LEVEL_PROPERTY);
    LoggerContext context = new LoggerContext();
    CliLogging logging = new CliLogging();
    logging.setContext(context);
    logging.configure(context);

    assertThat(context.getLogger("dev.videoagent").getEffectiveLevel()).isEqualTo(Level.INFO);
  }
}
