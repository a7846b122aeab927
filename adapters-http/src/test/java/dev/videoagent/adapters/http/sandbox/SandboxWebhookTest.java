package dev.videoagent.adapters.http.sandbox;

import static dev.videoagent.adapters.http.sandbox.SandboxGatewayTest.gatewayFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.SubmitResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxWebhookTest {
  private final ObjectMapper json = new ObjectMapper();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private HttpServer receiver;
  private SandboxGateway sandbox;
  private FeignVideoGateway gateway;

  private record Received(String contentType, byte[] body) {}

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failuresLeft.getAndDecrement() > 0) {
              exchange.sendResponseHeaders(500, -1);
              return;
            }
            received.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"), body));
            exchange.sendResponseHeaders(204, -1);
          }
        });
    receiver.start();
    sandbox =
        SandboxGateway.start(
            SandboxConfig.defaults()
                .withCompletionDelay(Duration.ofMillis(300))
                .withWebhookRetries(3, Duration.ofMillis(100)));
    gateway = gatewayFor(sandbox, sandbox.apiKey());
  }

  @AfterEach
  void stop() {
    sandbox.close();
    receiver.stop(0);
  }

  private URI hook() {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/job-1");
  }

  private String submitWithHook(String prompt) {
    SubmitResult result = gateway.submit(new GatewaySubmission(VideoRequest.of(prompt), hook()));
    assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
    return ((SubmitResult.Accepted) result).requestId();
  }

  @Test
  void postsTheFinalStatusWhenTheJobCompletes() throws Exception {
    String id = submitWithHook("hello");

    Received call = received.poll(5, TimeUnit.SECONDS);

    assertThat(call).isNotNull();
    assertThat(call.contentType()).isEqualTo("application/json");
    JsonNode body = json.readTree(call.body());
    assertThat(body.get("request_id").asText()).isEqualTo(id);
    assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(body.at("/output/media_url/0").asText())
        .isEqualTo(sandbox.baseUrl() + "/media/" + id + ".mp4");
    await().atMost(Duration.ofSeconds(2)).until(() -> sandbox.stats().webhookDeliveries() == 1);
    assertThat(sandbox.stats().webhookAttempts()).isEqualTo(1);
  }

  @Test
  void postsTheFailureWhenTheJobFails() throws Exception {
    String id = submitWithHook("this one will [fail]");

    Received call = received.poll(5, TimeUnit.SECONDS);

    assertThat(call).isNotNull();
    JsonNode body = json.readTree(call.body());
    assertThat(body.get("request_id").asText()).isEqualTo(id);
    assertThat(body.get("status").asText()).isEqualTo("FAILED");
    assertThat(body.get("error").asText()).contains("[fail]");
  }

  @Test
  void triesAgainUntilTheReceiverAcknowledges() throws Exception {
    failuresLeft.set(2);

    Instant submitted = Instant.now();
    String id = submitWithHook("hello");
    Received call = received.poll(5, TimeUnit.SECONDS);

    assertThat(call).isNotNull();
    await().atMost(Duration.ofSeconds(2)).until(() -> sandbox.stats().webhookDeliveries() == 1);
    assertThat(sandbox.stats().webhookAttempts()).isEqualTo(3);
    // The first attempt goes when the job ends; the two refused ones and their waits come after.
    Instant firstSent = sandbox.stats().firstWebhookSentAt(id).orElseThrow();
    Instant delivered = sandbox.stats().webhookDeliveredAt(id).orElseThrow();
    assertThat(firstSent).isAfterOrEqualTo(submitted.plusMillis(300));
    assertThat(Duration.between(firstSent, delivered))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(sandbox.stats().firstWebhookSentAt("heygen-video-agent_unknown")).isEmpty();
  }

  @Test
  void givesUpAfterTheConfiguredAttempts() {
    failuresLeft.set(10);

    submitWithHook("hello");

    await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.stats().webhookAttempts() == 3);
    assertThat(sandbox.stats().webhookDeliveries()).isZero();
    assertThat(received).isEmpty();
  }

  @Test
  void anAmbiguous500StillCallsBackWithTheRequestItTook() throws Exception {
    sandbox.setFaults(SandboxFaults.none().withAmbiguousRate(1.0));

    SubmitResult result =
        gateway.submit(new GatewaySubmission(VideoRequest.of("taken anyway"), hook()));

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    Received hook = received.poll(10, TimeUnit.SECONDS);
    assertThat(hook).isNotNull();
    JsonNode body = json.readTree(hook.body());
    assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(body.get("request_id").asText()).startsWith("heygen-video-agent_");
    assertThat(sandbox.stats().acceptedSubmissionsFor("taken anyway")).isEqualTo(1);
  }

  @Test
  void anAmbiguous500CanBeToldToSendNoCallback() throws Exception {
    sandbox.setFaults(
        SandboxFaults.none().withAmbiguousRate(1.0).withAmbiguousWithoutCallback(true));

    SubmitResult result =
        gateway.submit(new GatewaySubmission(VideoRequest.of("taken quietly"), hook()));

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    assertThat(received.poll(1500, TimeUnit.MILLISECONDS)).isNull();
    assertThat(sandbox.stats().webhookAttempts()).isZero();
    assertThat(sandbox.stats().acceptedSubmissionsFor("taken quietly")).isEqualTo(1);
  }
}
