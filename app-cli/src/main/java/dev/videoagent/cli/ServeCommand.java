package dev.videoagent.cli;

import dev.videoagent.api.ApiService;
import dev.videoagent.assembly.config.Configuration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code videoagent serve}: the REST service, on the same database as the command line. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = {
      "Runs the REST service until stopped (Ctrl-C or SIGTERM stop it gracefully).",
      "",
      "Configured like every command (flags, environment, config file); the service's own"
          + " settings are VIDEOAGENT_PORT, VIDEOAGENT_PUBLIC_URL and VIDEOAGENT_API_KEYS. It"
          + " shares the database with the command line: both may act on the same jobs, and"
          + " neither submits, reads or downloads a job the other is working on.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  VIDEOAGENT_API_KEYS=acme:$(openssl rand -hex 24) videoagent serve --port 8080",
      "  videoagent serve --sandbox --port 0      (prints the console's URL and a client key)",
      "",
      "Exit codes: 0 stopped gracefully, 1 could not start, 2 a configuration error (a bad"
          + " setting, the port in use)."
    })
final class ServeCommand implements Callable<Integer> {
  private final CliContext context;
  private final Sessions sessions;

  ServeCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() throws InterruptedException {
    // The service's own flags (--port, --host, --api-keys) are among the run's flags.
    Configuration configuration = sessions.configuration();
    configuration.settings().logLevelIfSet().ifPresent(context.logLevel());
    ApiService service =
        ApiService.start(configuration.settings(), configuration.serviceSettings());
    context.note(
        "videoagent serve: listening on "
            + service.url()
            + " (web console: "
            + ApiService.consoleUrl(service.url())
            + "); Ctrl-C stops it.");
    service.awaitStop();
    return ExitCode.OK;
  }
}
