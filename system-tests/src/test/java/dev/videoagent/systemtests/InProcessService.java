package dev.videoagent.systemtests;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.api.ApiService;
import dev.videoagent.api.config.ConfigSource;
import dev.videoagent.api.config.Settings;
import dev.videoagent.api.wiring.GatewayObserver;
import dev.videoagent.api.wiring.GuardedGateway;
import dev.videoagent.api.wiring.SandboxModule;
import dev.videoagent.api.wiring.Transport;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.Backoff;
import dev.videoagent.core.usecase.PollSchedule;
import dev.videoagent.core.usecase.TrackingPolicy;
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
    env.put(Settings.VIDEOAGENT_HOME, home.toString());
    env.put(Settings.VIDEOAGENT_SANDBOX, "true");
    env.put(Settings.VIDEOAGENT_PORT, "0");
    env.put(Settings.VIDEOAGENT_API_KEYS, "system:" + CLIENT_KEY);
    env.put(Settings.VIDEOAGENT_GATEWAY_RATE, "500");
    env.put(Settings.VIDEOAGENT_GATEWAY_TIMEOUT, "2s");
    env.put(Settings.VIDEOAGENT_CLAIM_LEASE, "5s");
    Settings settings = Settings.load(ConfigSource.of(env), home);
    service =
        ApiService.start(
            settings,
            new SandboxModule(sandbox),
            new AbstractModule() {
              @Provides
              @Singleton
              TrackingPolicy policy() {
                return TrackingPolicy.defaults()
                    .withPolling(
                        new PollSchedule(Duration.ofMillis(300), 1.5, Duration.ofSeconds(1), 0.1))
                    .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)))
                    .withLease(Duration.ofSeconds(5));
              }

              @Provides
              @Singleton
              BackgroundTracker.Settings tracker() {
                return new BackgroundTracker.Settings(8, 500, Duration.ofMillis(50), 100);
              }

              @Provides
              @Singleton
              GuardedGateway guarded(@Transport VideoGateway transport, GatewayObserver observer) {
                return new GuardedGateway(
                    transport, GuardedGateway.breaker(breakerPause), observer);
              }
            });
    api = new ApiClient(this::url, CLIENT_KEY);
  }

  URI url() {
    return service.url();
  }

  SandboxGateway sandbox() {
    return service.injector().getInstance(SandboxGateway.class);
  }

  @Override
  public void close() {
    service.close(Duration.ofSeconds(5));
  }
}
