package dev.videoagent.api;

import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.assembly.config.Configuration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar app-api/target/videoagent-api.jar}: the REST service, configured by the
 * environment and {@code $VIDEOAGENT_HOME/config.properties} (the environment wins). Exit codes: 0
 * after a graceful stop, 1 when it could not start, 2 for a configuration error (one sentence on
 * stderr, naming the variable).
 */
public final class ApiMain {
  private ApiMain() {}

  public static void main(String[] args) {
    int code = run(System.getenv(), Path.of(System.getProperty("user.home")), System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Reads the configuration, starts the service and waits until it stops. */
  static int run(Map<String, String> env, Path userHome, PrintStream err) {
    ApiService service;
    try {
      Configuration configuration = Configuration.read(Map.of(), env, userHome);
      // Before anything logs: logback.xml reads ${VIDEOAGENT_LOG_LEVEL}, system properties first.
      configuration
          .settings()
          .logLevelIfSet()
          .ifPresent(level -> System.setProperty("VIDEOAGENT_LOG_LEVEL", level));
      service = ApiService.start(configuration.settings(), configuration.serviceSettings());
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("videoagent could not start: " + e.getMessage());
      return 1;
    }
    try {
      service.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.close();
    }
    return 0;
  }
}
