package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running agent sends its tenant's events, signed, to the endpoints registered through it. */
class WebhooksTest {
  @TempDir Path home;
  private HttpServer receiver;
  private final List<Map.Entry<Map<String, List<String>>, String>> received = new ArrayList<>();

  @BeforeEach
  void receiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          Map<String, List<String>> headers = new HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (received) {
            received.add(Map.entry(headers, body));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  @Test
  void aRunningAgentDeliversSignedEventsToItsEndpoints() throws Exception {
    try (VideoAgent agent =
        TestAgents.fast(TestAgents.sandboxed(home)).allowPrivateCallbacks(true).build()) {
      Webhooks webhooks = agent.webhooks();
      WebhookEndpoint endpoint =
          webhooks.addEndpoint(url("/stored"), Set.of(VideoEventType.STORED));
      assertThat(webhooks.endpoints()).containsExactly(endpoint);
      String secret = webhooks.signingSecret();
      assertThat(secret).startsWith("whsec_").isEqualTo(webhooks.signingSecret());

      Video video = agent.submit("A video whose storing is announced");
      agent.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  webhooks.deliveries(video.id()).stream()
                      .anyMatch(d -> d.state() == WebhookDelivery.State.DELIVERED));
      WebhookDelivery delivery = webhooks.deliveries(video.id()).get(0);
      assertThat(delivery.type()).isEqualTo(VideoEventType.STORED);
      assertThat(delivery.endpointId()).isEqualTo(endpoint.id());
      synchronized (received) {
        assertThat(received).hasSize(1);
        new Webhook(secret).verify(received.get(0).getValue(), received.get(0).getKey());
        assertThat(received.get(0).getValue()).contains("video.stored").contains(video.id());
      }

      assertThat(webhooks.redeliver(delivery.id())).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
      assertThat(webhooks.redeliver("dlv_unknown")).isFalse();
      assertThat(webhooks.removeEndpoint(endpoint.id())).isTrue();
      assertThat(webhooks.endpoints()).isEmpty();
      assertThatThrownBy(() -> webhooks.deliveries("vid_unknown"))
          .isInstanceOf(VideoNotFoundException.class);
      assertThat(webhooks.rotateSigningSecret()).startsWith("whsec_").isNotEqualTo(secret);
    }
  }

  @Test
  void privateAddressesAreRefusedUnlessAllowed() throws Exception {
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      assertThatThrownBy(() -> agent.webhooks().addEndpoint(url("/x"), Set.of()))
          .isInstanceOfSatisfying(
              InvalidVideoRequestException.class,
              e -> assertThat(e.problems()).extracting(FieldProblem::field).containsExactly("url"));
    }
  }
}
