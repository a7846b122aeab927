package dev.videoagent.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PixazoGatewayConfigTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void fillsInTheDefaults() {
    PixazoGatewayConfig config = PixazoGatewayConfig.of(null, KEY);

    assertThat(config.baseUrl()).isEqualTo(URI.create("https://gateway.pixazo.ai"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.submitTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.statusTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void dropsTrailingSlashesOfTheBaseUrl() {
    PixazoGatewayConfig config = PixazoGatewayConfig.of(URI.create("http://127.0.0.1:8099//"), KEY);

    assertThat(config.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8099"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://gateway.pixazo.ai", "gateway.pixazo.ai", "https://gateway.pixazo.ai/?x=1"})
  void refusesABaseUrlThatIsNotAPlainHttpOrigin(String url) {
    assertThatThrownBy(() -> PixazoGatewayConfig.of(URI.create(url), KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PIXAZO_BASE_URL");
  }

  @Test
  void refusesCredentialsInTheBaseUrlWithoutEchoingThem() {
    assertThatThrownBy(
            () -> PixazoGatewayConfig.of(URI.create("https://me:hunter22@gateway.pixazo.ai"), KEY))
        .hasMessageContaining("PIXAZO_BASE_URL")
        .hasMessageNotContaining("hunter22");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void refusesAMissingKey(String key) {
    assertThatThrownBy(() -> PixazoGatewayConfig.of(null, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PIXAZO_API_KEY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"secret-part xyz", "secret-part\nxyz", "secret-part\u00e9"})
  void refusesAMalformedKeyWithoutEchoingIt(String key) {
    assertThatThrownBy(() -> PixazoGatewayConfig.of(null, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PIXAZO_API_KEY")
        .hasMessageNotContaining("secret-part");
  }

  @Test
  void refusesNonPositiveTimeouts() {
    assertThatThrownBy(
            () -> PixazoGatewayConfig.of(null, KEY).withTimeouts(Duration.ZERO, null, null))
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void neverPrintsTheKey() {
    PixazoGatewayConfig config = PixazoGatewayConfig.of(null, KEY);

    assertThat(config.toString()).doesNotContain(KEY).contains("gateway.pixazo.ai");
    assertThat(FeignVideoGateway.create(config).toString())
        .doesNotContain(KEY)
        .contains("gateway.pixazo.ai");
  }
}
