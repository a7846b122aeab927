package dev.videoagent.adapters.persistence;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's log, through SLF4J under Flyway's own logger names, with its progress reports (INFO: the
 * database, each migration applied) one level down at DEBUG, so that a host whose backend logs at
 * INFO sees no lines from migrations that went well; warnings and errors are as Flyway says them.
 * Flyway keeps its log configuration for the whole process: a host that runs Flyway itself after us
 * gets its own configuration back when it configures its Flyway.
 */
public final class QuietFlywayLog implements LogCreator {

  @Override
  public Log createLogger(Class<?> type) {
    Logger logger = LoggerFactory.getLogger(type);
    return new Log() {
      @Override
      public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
      }

      @Override
      public void debug(String message) {
        logger.debug(message);
      }

      @Override
      public void info(String message) {
        logger.debug(message);
      }

      @Override
      public void warn(String message) {
        logger.warn(message);
      }

      @Override
      public void error(String message) {
        logger.error(message);
      }

      @Override
      public void error(String message, Exception e) {
        logger.error(message, e);
      }

      @Override
      public void notice(String message) {
        logger.debug(message);
      }
    };
  }
}
