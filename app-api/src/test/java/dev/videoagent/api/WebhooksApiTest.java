package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.videoagent.assembly.config.Setting;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhook routes, and a sandbox job's events arriving signed at a loopback receiver. */
class WebhooksApiTest {
  private static TestService strict;
  private static TestService open;
  private static HttpServer receiver;
  private static final List<Map.Entry<Map<String, List<String>>, String>> received =
      new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    strict = TestService.start();
    open =
        TestService.builder()
            .env(Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS.variable(), "true")
            .start();
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
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    strict.close();
    open.close();
    receiver.stop(0);
  }

  private static String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  @Test
  void theSecretIsMadeOnceAndRotates() {
    HttpResponse<String> first = strict.get("/v1/webhooks/secret", KEY_A);
    assertThat(first.statusCode()).isEqualTo(200);
    String key = TestService.json(first).get("key").asText();
    assertThat(key).startsWith("whsec_");
    assertThat(TestService.json(strict.get("/v1/webhooks/secret", KEY_A)).get("key").asText())
        .isEqualTo(key);
    assertThat(TestService.json(strict.get("/v1/webhooks/secret", KEY_B)).get("key").asText())
        .isNotEqualTo(key);
    HttpResponse<String> rotated = strict.post("/v1/webhooks/secret/rotate", KEY_A, "");
    assertThat(rotated.statusCode()).isEqualTo(200);
    String next = TestService.json(rotated).get("key").asText();
    assertThat(next).startsWith("whsec_").isNotEqualTo(key);
    assertThat(TestService.json(strict.get("/v1/webhooks/secret", KEY_A)).get("key").asText())
        .isEqualTo(next);
    assertThat(strict.get("/v1/webhooks/secret", null).statusCode()).isEqualTo(401);
  }

  @Test
  void endpointsAreCreatedListedAndRemovedPerTenant() {
    HttpResponse<String> created =
        strict.post(
            "/v1/webhooks",
            KEY_A,
            "{\"url\": \"https://hooks.example.com/a\", \"events\": [\"video.stored\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode endpoint = TestService.json(created);
    String id = endpoint.get("id").asText();
    assertThat(id).startsWith("wh_");
    assertThat(created.headers().firstValue("Location")).contains("/v1/webhooks/" + id);
    assertThat(endpoint.get("url").asText()).isEqualTo("https://hooks.example.com/a");
    assertThat(endpoint.get("events").toString()).isEqualTo("[\"video.stored\"]");
    assertThat(endpoint.get("enabled").asBoolean()).isTrue();
    assertThat(endpoint.get("created_at").asText()).endsWith("Z");

    JsonNode all =
        TestService.json(
            strict.post("/v1/webhooks", KEY_A, "{\"url\": \"https://hooks.example.com/b\"}"));
    // Every type, the contract's six and video.stalled.
    assertThat(all.get("events")).hasSize(dev.videoagent.core.JobEventType.values().length);

    JsonNode list = TestService.json(strict.get("/v1/webhooks", KEY_A));
    assertThat(list.get("data")).hasSize(2);
    assertThat(TestService.json(strict.get("/v1/webhooks", KEY_B)).get("data")).isEmpty();

    assertThat(strict.send(strict.request("/v1/webhooks/" + id, KEY_B).DELETE()).statusCode())
        .isEqualTo(404);
    assertThat(strict.send(strict.request("/v1/webhooks/" + id, KEY_A).DELETE()).statusCode())
        .isEqualTo(204);
    assertThat(strict.send(strict.request("/v1/webhooks/" + id, KEY_A).DELETE()).statusCode())
        .isEqualTo(404);
    assertThat(strict.send(strict.request("/v1/webhooks/nope", KEY_A).DELETE()).statusCode())
        .isEqualTo(400);
    assertThat(TestService.json(strict.get("/v1/webhooks", KEY_A)).get("data")).hasSize(1);
  }

  @Test
  void badEndpointsAreRefusedNamingTheField() {
    assertInvalid("{\"url\": \"ftp://example.com/x\"}", "url");
    assertInvalid("{\"url\": \"not a url\"}", "url");
    assertInvalid("{}", "url");
    assertInvalid("{\"url\": 42}", "url");
    assertInvalid("{\"url\": \"http://127.0.0.1:8080/hook\"}", "url");
    assertInvalid("{\"url\": \"http://localhost/hook\"}", "url");
    assertInvalid("{\"url\": \"http://169.254.169.254/latest\"}", "url");
    assertInvalid("{\"url\": \"http://[::ffff:10.0.0.1]/\"}", "url");
    assertInvalid("{\"url\": \"https://x.example.com\", \"events\": [\"video.done\"]}", "events");
    assertInvalid("{\"url\": \"https://x.example.com\", \"events\": \"video.stored\"}", "events");
    assertInvalid("{\"url\": \"https://x.example.com\", \"colour\": 1}", "colour");
    HttpResponse<String> notJson = strict.post("/v1/webhooks", KEY_A, "{");
    assertThat(notJson.statusCode()).isEqualTo(400);
  }

  @Test
  void aCallbackUrlOnAPrivateAddressIsRefusedAtCreation() {
    for (String url :
        List.of("http://127.0.0.1:9/cb", "http://10.0.0.7/cb", "http://[fe80::1]/cb")) {
      HttpResponse<String> response =
          strict.post(
              "/v1/videos", KEY_A, "{\"prompt\": \"x\", \"callback_url\": \"" + url + "\"}");
      assertThat(response.statusCode()).as(url).isEqualTo(400);
      assertThat(TestService.json(response).get("errors").get(0).get("field").asText())
          .isEqualTo("callback_url");
    }
  }

  @Test
  void aJobsEventsArriveSignedAtItsCallbackUrlAndItsDeliveriesAreListed() throws Exception {
    String callback = receiverUrl("/cb");
    HttpResponse<String> created =
        open.post(
            "/v1/videos",
            KEY_A,
            "{\"prompt\": \"Signed events\", \"callback_url\": \"" + callback + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = TestService.json(created).get("id").asText();
    String secret = TestService.json(open.get("/v1/webhooks/secret", KEY_A)).get("key").asText();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode data =
                  TestService.json(open.get("/v1/videos/" + id + "/deliveries", KEY_A)).get("data");
              // Every event's delivery, not only the last one's: deliveries go out side by side,
              // so video.stored can be delivered while an earlier event's is still under way.
              boolean stored = false;
              boolean allDelivered = true;
              for (JsonNode d : data) {
                stored |= d.get("type").asText().equals("video.stored");
                allDelivered &= d.get("state").asText().equals("delivered");
              }
              return stored && allDelivered;
            });
    JsonNode deliveries =
        TestService.json(open.get("/v1/videos/" + id + "/deliveries", KEY_A)).get("data");
    for (JsonNode d : deliveries) {
      assertThat(d.get("url").asText()).isEqualTo(callback);
      assertThat(d.get("event_id").asText()).startsWith("evt_" + id);
      assertThat(d.get("attempts").asInt()).isEqualTo(1);
      assertThat(d.get("last_status").asInt()).isEqualTo(204);
      assertThat(d.get("endpoint_id").isNull()).isTrue();
      assertThat(d.has("next_attempt_at")).isTrue();
    }
    List<Map.Entry<Map<String, List<String>>, String>> mine;
    synchronized (received) {
      mine = received.stream().filter(r -> r.getValue().contains(id)).toList();
    }
    assertThat(mine).isNotEmpty();
    for (Map.Entry<Map<String, List<String>>, String> r : mine) {
      new Webhook(secret).verify(r.getValue(), r.getKey());
    }
    assertThat(open.get("/v1/videos/" + id + "/deliveries", KEY_B).statusCode()).isEqualTo(404);

    String deliveryId = deliveries.get(0).get("id").asText();
    assertThat(open.post("/v1/deliveries/" + deliveryId + "/redeliver", KEY_B, "").statusCode())
        .isEqualTo(404);
    HttpResponse<String> again =
        open.post("/v1/deliveries/" + deliveryId + "/redeliver", KEY_A, "");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    String eventId = deliveries.get(0).get("event_id").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              synchronized (received) {
                return received.stream()
                        .filter(r -> r.getKey().get("webhook-id").get(0).equals(eventId))
                        .count()
                    == 2;
              }
            });
  }

  private static void assertInvalid(String body, String field) {
    HttpResponse<String> response = strict.post("/v1/webhooks", KEY_A, body);
    assertThat(response.statusCode()).as(body).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode errors = TestService.json(response).get("errors");
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).as(body).contains(field);
  }
}
