package dev.videoagent.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Path HOME = Path.of("/tmp/videoagent-settings-test");

  @Test
  void theServiceListensOnEveryInterfaceByDefault() {
    Settings settings = load(Map.of());
    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.listensEverywhere()).isTrue();
  }

  @Test
  void addressesAndHostNamesAreAcceptedAsTheListenAddress() {
    for (String host :
        new String[] {
          "127.0.0.1", "10.1.2.3", "localhost", "api.internal.example.com", "db1", "::1"
        }) {
      Settings settings = load(Map.of(Settings.VIDEOAGENT_HOST, host));
      assertThat(settings.host()).isEqualTo(host);
      assertThat(settings.listensEverywhere()).as(host).isFalse();
    }
    assertThat(load(Map.of(Settings.VIDEOAGENT_HOST, "[::1]")).host()).isEqualTo("::1");
    assertThat(load(Map.of(Settings.VIDEOAGENT_HOST, "::")).listensEverywhere()).isTrue();
    assertThat(load(Map.of(Settings.VIDEOAGENT_HOST, " 0.0.0.0 ")).listensEverywhere()).isTrue();
  }

  @Test
  void anythingElseIsRefusedWithASentenceNamingTheVariable() {
    for (String host :
        new String[] {
          "256.1.1.1",
          "1.2.3",
          "host_name",
          "-bad.example.com",
          "a b",
          "http://x",
          "1:2:3",
          "fe80::1%eth0",
          "x".repeat(64) + ".com"
        }) {
      assertThatThrownBy(() -> load(Map.of(Settings.VIDEOAGENT_HOST, host)))
          .as(host)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("VIDEOAGENT_HOST must be an IP address of this machine");
    }
  }

  @Test
  void theListenAddressIsASettingLikeTheOthers() {
    assertThat(Settings.NAMES).contains(Settings.VIDEOAGENT_HOST);
    assertThat(load(Map.of(Settings.VIDEOAGENT_HOST, "127.0.0.1")).toString())
        .contains("host=127.0.0.1");
  }

  private static Settings load(Map<String, String> extra) {
    Map<String, String> values = new java.util.HashMap<>(extra);
    values.put(Settings.VIDEOAGENT_SANDBOX, "true");
    return Settings.load(ConfigSource.of(values), HOME);
  }
}
