package dev.videoagent.systemtests;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.api.ApiService;
import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.core.usecase.Backoff;
import dev.videoagent.core.usecase.JobPolicy;
import dev.videoagent.core.usecase.PollSchedule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole service in this JVM, on a real SQLite file, with the sandbox behind it and tracking
 * sped up (reads every few hundred milliseconds, short back-offs) so faults play out in seconds.
 */
final class InProcessService implements AutoCloseable {
  static final String CLIENT_KEY = "system-test-client-key-0123456789";

  private final ApiService service;
  final ApiClient api;

  InProcessService(Path home, SandboxConfig sandbox, Duration breakerPause) {
    Map<String, String> env = new HashMap<>();
    env.put(Setting.VIDEOAGENT_HOME.variable(), home.toString());
    env.put(Setting.VIDEOAGENT_SANDBOX.variable(), "true");
    env.put(Setting.VIDEOAGENT_PORT.variable(), "0");
    env.put(Setting.VIDEOAGENT_API_KEYS.variable(), "system:" + CLIENT_KEY);
    env.put(Setting.VIDEOAGENT_GATEWAY_RATE.variable(), "500");
    env.put(Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable(), "2s");
    env.put(Setting.VIDEOAGENT_CLAIM_LEASE.variable(), "5s");
    Configuration configuration = Configuration.ofEnvironment(env, home);
    service =
        ApiService.start(
            configuration.settings(),
            configuration.serviceSettings(),
            builder ->
                builder
                    .sandbox(sandbox)
                    .policy(
                        JobPolicy.defaults()
                            .withPolling(
                                new PollSchedule(
                                    Duration.ofMillis(300), 1.5, Duration.ofSeconds(1), 0.1))
                            .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)))
                            .withLease(Duration.ofSeconds(5)))
                    .idlePoll(Duration.ofMillis(50))
                    .breakerOpenFor(breakerPause));
    api = new ApiClient(this::url, CLIENT_KEY);
  }

  URI url() {
    return service.url();
  }

  SandboxGateway sandbox() {
    return service.assembly().sandbox();
  }

  @Override
  public void close() {
    service.close(Duration.ofSeconds(5));
  }
}
