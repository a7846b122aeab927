package dev.videoagent.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.videoagent.core.WebhookDestinations;
import dev.videoagent.core.port.WebhookSender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sender against a receiver on loopback. */
class OkHttpWebhookSenderTest {
  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger elsewhere = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ok",
        exchange -> {
          hits.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Retry-After", "7");
          exchange.sendResponseHeaders(
              "sig".equals(exchange.getRequestHeaders().getFirst("webhook-signature")) ? 200 : 400,
              -1);
          exchange.close();
        });
    server.createContext(
        "/moved",
        exchange -> {
          hits.incrementAndGet();
          exchange.getResponseHeaders().add("Location", url("/elsewhere").toString());
          exchange.sendResponseHeaders(307, -1);
          exchange.close();
        });
    server.createContext(
        "/elsewhere",
        exchange -> {
          elsewhere.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static WebhookSender.Request request(URI url) {
    return new WebhookSender.Request(url, Map.of("webhook-signature", "sig"), "{}");
  }

  @Test
  void postsTheBodyWithItsHeadersAndReadsRetryAfter() {
    try (OkHttpWebhookSender sender = new OkHttpWebhookSender(new WebhookDestinations(true))) {
      WebhookSender.Result result = sender.send(request(url("/ok")));
      assertThat(result)
          .isEqualTo(new WebhookSender.Answered(200, java.util.Optional.of(Duration.ofSeconds(7))));
    }
  }

  @Test
  void aRedirectIsAnsweredNotFollowed() {
    try (OkHttpWebhookSender sender = new OkHttpWebhookSender(new WebhookDestinations(true))) {
      WebhookSender.Result result = sender.send(request(url("/moved")));
      assertThat(result)
          .isInstanceOfSatisfying(
              WebhookSender.Answered.class, a -> assertThat(a.status()).isEqualTo(307));
      assertThat(elsewhere.get()).isZero();
    }
  }

  @Test
  void aLoopbackLiteralIsRefusedWithoutConnecting() {
    try (OkHttpWebhookSender sender = new OkHttpWebhookSender(WebhookDestinations.publicOnly())) {
      assertThat(sender.send(request(url("/ok")))).isInstanceOf(WebhookSender.Refused.class);
      URI mapped = URI.create("http://[::ffff:127.0.0.1]:" + server.getAddress().getPort() + "/ok");
      assertThat(sender.send(request(mapped))).isInstanceOf(WebhookSender.Refused.class);
      assertThat(hits.get()).isZero();
    }
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedWithoutConnecting() {
    OkHttpWebhookSender.Resolver toLoopback =
        host ->
            List.of(
                InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}),
                InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
    try (OkHttpWebhookSender sender =
        new OkHttpWebhookSender(
            WebhookDestinations.publicOnly(), toLoopback, Duration.ofSeconds(2))) {
      URI named = URI.create("http://hooks.example.com:" + server.getAddress().getPort() + "/ok");
      WebhookSender.Result result = sender.send(request(named));
      assertThat(result)
          .isInstanceOfSatisfying(
              WebhookSender.Refused.class, r -> assertThat(r.reason()).contains("127.0.0.1"));
      assertThat(hits.get()).isZero();
    }
  }

  @Test
  void theConnectionGoesToTheCheckedAddress() {
    // hooks.example.com "resolves" to loopback here; allowed, the sender connects to that address.
    OkHttpWebhookSender.Resolver toLoopback =
        host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
    try (OkHttpWebhookSender sender =
        new OkHttpWebhookSender(new WebhookDestinations(true), toLoopback, Duration.ofSeconds(2))) {
      URI named = URI.create("http://hooks.example.com:" + server.getAddress().getPort() + "/ok");
      assertThat(sender.send(request(named))).isInstanceOf(WebhookSender.Answered.class);
      assertThat(hits.get()).isEqualTo(1);
    }
  }

  @Test
  void noListenerIsNoAnswer() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (OkHttpWebhookSender sender = new OkHttpWebhookSender(new WebhookDestinations(true))) {
      assertThat(sender.send(request(URI.create("http://127.0.0.1:" + port + "/x"))))
          .isInstanceOf(WebhookSender.NoAnswer.class);
    }
  }
}
