package dev.videoagent.assembly.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {
  private static final Path HOME = Path.of("/tmp/videoagent-settings-test");

  @Test
  void theServiceListensOnEveryInterfaceByDefault() {
    ServiceSettings settings = load(Map.of());
    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.listensEverywhere()).isTrue();
  }

  @Test
  void addressesAndHostNamesAreAcceptedAsTheListenAddress() {
    for (String host :
        new String[] {
          "127.0.0.1", "10.1.2.3", "localhost", "api.internal.example.com", "db1", "::1"
        }) {
      ServiceSettings settings = load(Map.of(Setting.VIDEOAGENT_HOST.variable(), host));
      assertThat(settings.host()).isEqualTo(host);
      assertThat(settings.listensEverywhere()).as(host).isFalse();
    }
    assertThat(load(Map.of(Setting.VIDEOAGENT_HOST.variable(), "[::1]")).host()).isEqualTo("::1");
    assertThat(load(Map.of(Setting.VIDEOAGENT_HOST.variable(), "::")).listensEverywhere()).isTrue();
    assertThat(load(Map.of(Setting.VIDEOAGENT_HOST.variable(), " 0.0.0.0 ")).listensEverywhere())
        .isTrue();
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
      assertThatThrownBy(() -> load(Map.of(Setting.VIDEOAGENT_HOST.variable(), host)))
          .as(host)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("VIDEOAGENT_HOST must be an IP address of this machine");
    }
  }

  @Test
  void theListenAddressIsASettingLikeTheOthers() {
    assertThat(Setting.all()).contains(Setting.VIDEOAGENT_HOST);
    assertThat(Setting.VIDEOAGENT_HOST.scope()).isEqualTo(Setting.Scope.SERVICE);
    assertThat(load(Map.of(Setting.VIDEOAGENT_HOST.variable(), "127.0.0.1")).toString())
        .contains("host=127.0.0.1");
  }

  @Test
  void bootstrapKeysNameTheirTenantsAndNeverShowTheKeys() {
    ServiceSettings settings =
        load(
            Map.of(
                Setting.VIDEOAGENT_API_KEYS.variable(),
                "acme:acme-key-0123456789abcdef, beta:beta-key-0123456789abcdef"));
    assertThat(settings.bootstrapKeys())
        .extracting(k -> k.tenant().value())
        .containsExactly("acme", "beta");
    assertThat(settings.toString()).contains("acme:****").doesNotContain("0123456789");
    assertThatThrownBy(() -> load(Map.of(Setting.VIDEOAGENT_API_KEYS.variable(), "acme")))
        .hasMessage(
            "VIDEOAGENT_API_KEYS must look like tenant:key,tenant2:key2 (one entry is malformed).");
    assertThatThrownBy(() -> load(Map.of(Setting.VIDEOAGENT_API_KEYS.variable(), "acme:short-key")))
        .hasMessageStartingWith("VIDEOAGENT_API_KEYS has a key shorter than 16 characters");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        Setting.VIDEOAGENT_API_KEYS.variable(), "-acme:acme-key-0123456789abcdef")))
        .hasMessageStartingWith("VIDEOAGENT_API_KEYS has a tenant name that is not 1 to 64");
  }

  private static ServiceSettings load(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.put(Setting.VIDEOAGENT_SANDBOX.variable(), "true");
    return Configuration.ofEnvironment(values, HOME).serviceSettings();
  }
}
