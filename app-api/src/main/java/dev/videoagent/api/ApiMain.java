package dev.videoagent.api;

import dev.videoagent.api.config.ConfigException;
import dev.videoagent.api.config.ConfigSource;
import dev.videoagent.api.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code java -jar app-api/target/videoagent-api.jar}: the REST service, configured by the
 * environment. Exit codes: 0 after a graceful stop, 1 when it could not start, 2 for a
 * configuration error (one sentence on stderr, naming the variable).
 */
public final class ApiMain {
  private ApiMain() {}

  public static void main(String[] args) {
    int code =
        run(ConfigSource.environment(), Path.of(System.getProperty("user.home")), System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Loads the settings, starts the service and waits until it stops. */
  static int run(ConfigSource source, Path userHome, PrintStream err) {
    ApiService service;
    try {
      service = ApiService.start(Settings.load(source, userHome));
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
