package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookDestinationsTest {
  private final WebhookDestinations strict = WebhookDestinations.publicOnly();
  private final WebhookDestinations open = new WebhookDestinations(true);

  @Test
  void nonPublicAddressesAreRefused() throws Exception {
    for (String address :
        List.of(
            "127.0.0.1",
            "127.255.1.2",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "169.254.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "224.0.0.1",
            "239.1.2.3",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "::127.0.0.1")) {
      InetAddress parsed = WebhookDestinations.literal(address).orElseThrow();
      assertThat(WebhookDestinations.isPublic(parsed)).as(address).isFalse();
      assertThat(strict.refusal(parsed)).as(address).isPresent();
      assertThat(open.refusal(parsed)).as(address).isEmpty();
    }
  }

  @Test
  void publicAddressesPass() {
    for (String address :
        List.of(
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8")) {
      InetAddress parsed = WebhookDestinations.literal(address).orElseThrow();
      assertThat(WebhookDestinations.isPublic(parsed)).as(address).isTrue();
    }
  }

  @Test
  void urlsAreCheckedForSchemeHostAndLiteralAddress() {
    assertThat(strict.refusal(URI.create("https://hooks.example.com/x"))).isEmpty();
    assertThat(strict.refusal(URI.create("http://93.184.216.34:8080/x"))).isEmpty();
    for (String url :
        List.of(
            "ftp://example.com/x",
            "mailto:a@example.com",
            "https:///nohost",
            "http://user:pw@example.com/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://api.localhost/",
            "http://127.0.0.1/",
            "http://[::1]:8080/",
            "http://[::ffff:192.168.0.1]/",
            "http://2130706433/",
            "http://169.254.169.254/")) {
      assertThat(strict.refusal(URI.create(url))).as(url).isPresent();
    }
    assertThat(open.refusal(URI.create("http://127.0.0.1:9/x"))).isEmpty();
    assertThat(open.refusal(URI.create("ftp://127.0.0.1/x"))).isPresent();
    assertThat(strict.refusal(URI.create("http://10.0.0.1/")).orElseThrow())
        .contains("VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS");
  }
}
