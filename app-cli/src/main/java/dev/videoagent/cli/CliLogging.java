package dev.videoagent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The command line's logging, set up in code: the service's logback.xml read by Logback's XML
 * configurator costs a short command about a quarter of a second of class loading, for the same few
 * lines. Same outcome as that file: stderr only (stdout carries the output), {@code dev.videoagent}
 * at {@code VIDEOAGENT_LOG_LEVEL} (default INFO; {@link CliMain} sets WARN), the libraries at WARN.
 * An explicit {@code -Dlogback.configurationFile} still wins. Found by Logback through {@code
 * META-INF/services}, so it must be public.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {
  private static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{24} - %msg%n";

  private static final Map<String, Level> LIBRARIES =
      Map.of(
          "org.eclipse.jetty", Level.WARN,
          "io.javalin", Level.WARN,
          "org.flywaydb", Level.WARN,
          "com.zaxxer.hikari", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext loggerContext) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(loggerContext);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(loggerContext);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    Logger root = loggerContext.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    loggerContext.getLogger("dev.videoagent").setLevel(Level.toLevel(productLevel(), Level.INFO));
    LIBRARIES.forEach((name, level) -> loggerContext.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** As logback.xml's {@code ${VIDEOAGENT_LOG_LEVEL:-INFO}}: system property, then environment. */
  private static String productLevel() {
    String level = System.getProperty(CliContext.LOG_LEVEL_PROPERTY);
    if (level == null || level.isBlank()) {
      level = System.getenv(CliContext.LOG_LEVEL_PROPERTY);
    }
    return level == null || level.isBlank() ? "INFO" : level.trim();
  }
}
