package dev.videoagent.api.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.api.config.Settings;
import dev.videoagent.core.port.VideoGateway;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The in-process sandbox of the gateway on a loopback port, and the same Feign client pointed at
 * it: everything but the gateway itself is real. Started on first use.
 */
public final class SandboxModule extends AbstractModule {
  private final SandboxConfig config;

  public SandboxModule(SandboxConfig config) {
    this.config = config;
  }

  public SandboxModule() {
    this(SandboxConfig.defaults());
  }

  @Override
  protected void configure() {
    install(new GatewayModule.DownloadModule());
  }

  @Provides
  @Singleton
  SandboxGateway sandbox(Closer closer) {
    try {
      return closer.register(SandboxGateway.start(config));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the gateway sandbox", e);
    }
  }

  @Provides
  @Singleton
  @Transport
  VideoGateway gateway(SandboxGateway sandbox, Settings settings) {
    return FeignVideoGateway.create(
        GatewayModule.gatewayConfig(sandbox.baseUrl(), sandbox.apiKey(), settings));
  }
}
