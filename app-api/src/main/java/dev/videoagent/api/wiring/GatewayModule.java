package dev.videoagent.api.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.HttpMediaDownloader;
import dev.videoagent.adapters.http.MediaDownloadConfig;
import dev.videoagent.adapters.http.PixazoGatewayConfig;
import dev.videoagent.api.config.Settings;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.MediaDownloader;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.port.VideoStore;
import java.net.URI;
import java.time.Duration;

/** The real Pixazo gateway at {@code PIXAZO_BASE_URL} with {@code PIXAZO_API_KEY}. */
public final class GatewayModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new DownloadModule());
  }

  @Provides
  @Singleton
  @Transport
  VideoGateway gateway(Settings settings) {
    return FeignVideoGateway.create(gatewayConfig(settings.baseUrl(), settings.apiKey(), settings));
  }

  /** Status reads get at most half the submit time-out: they are cheap to repeat. */
  static PixazoGatewayConfig gatewayConfig(URI baseUrl, String apiKey, Settings settings) {
    Duration submit = settings.gatewayTimeout();
    Duration status =
        submit.dividedBy(2).compareTo(Duration.ofSeconds(30)) > 0
            ? Duration.ofSeconds(30)
            : submit.dividedBy(2);
    return PixazoGatewayConfig.of(baseUrl, apiKey)
        .withTimeouts(PixazoGatewayConfig.DEFAULT_CONNECT_TIMEOUT, submit, status);
  }

  /** What both gateway modules share: the downloader and the webhook address. */
  static final class DownloadModule extends AbstractModule {
    @Provides
    @Singleton
    MediaDownloader downloader(VideoStore store, Settings settings) {
      return new HttpMediaDownloader(
          store, MediaDownloadConfig.defaults().withMaxBytes(settings.maxDownloadBytes()));
    }

    @Provides
    @Singleton
    CallbackAddress callbacks(Settings settings) {
      return settings
          .publicUrlIfSet()
          .<CallbackAddress>map(GatewayCallbacks::new)
          .orElse(CallbackAddress.none());
    }
  }
}
