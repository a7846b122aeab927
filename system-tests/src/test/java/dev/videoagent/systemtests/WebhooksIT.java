package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks survive a crash: the receiver is down (503) while the jobs finish, the service is killed
 * with SIGKILL, the receiver comes back, the service restarts and is killed again while it
 * delivers. In the end every event reached the receiver with a valid signature, under one
 * webhook-id per event whatever the number of attempts, and nothing arrived for a delivery after
 * its 2xx was recorded.
 */
class WebhooksIT {
  private static final int JOBS = 8;
  private static final String GATEWAY_KEY = "sk-webhooks-test-gateway-key-1b2c3d";
  private static final String CLIENT_KEY = "webhooks-test-client-key-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  /** What the receiver saw. */
  record Seen(
      String path,
      String webhookId,
      Map<String, List<String>> headers,
      String body,
      Instant at,
      int answered) {}

  @Test
  void everyEventArrivesOnceAcknowledgedAcrossKillsAndAnOutage() throws Exception {
    List<Seen> seen = new ArrayList<>();
    boolean[] up = {false};
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.setExecutor(Executors.newFixedThreadPool(8));
    receiver.createContext(
        "/",
        exchange -> {
          Map<String, List<String>> headers = new HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          boolean isUp;
          synchronized (up) {
            isUp = up[0];
          }
          int status = isUp ? 200 : 503;
          synchronized (seen) {
            seen.add(
                new Seen(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    headers,
                    body,
                    Instant.now(),
                    status));
          }
          if (!isUp) {
            // A proxy's maintenance answer: come back in a second.
            exchange.getResponseHeaders().add("Retry-After", "1");
          } else {
            // Slow enough that a kill can land between the answer and its record.
            sleep(150);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

    SandboxConfig config =
        SandboxConfig.defaults()
            .withApiKey(GATEWAY_KEY)
            .withCompletionDelay(Duration.ofMillis(800));
    Path log = home.resolve("service.log");
    try (SandboxGateway sandbox = SandboxGateway.start(config)) {
      Map<String, String> env = new HashMap<>();
      env.put("PIXAZO_API_KEY", GATEWAY_KEY);
      env.put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
      env.put("VIDEOAGENT_HOME", home.resolve("data").toString());
      env.put("VIDEOAGENT_API_KEYS", "hooks:" + CLIENT_KEY);
      env.put("VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS", "true");
      try (ServiceProcess service = new ServiceProcess(env, log, ServiceProcess.freePort())) {
        ApiClient api = new ApiClient(service::url, CLIENT_KEY);
        service.start();
        HttpResponse<String> registered =
            api.send("POST", "/v1/webhooks", "{\"url\": \"" + hookUrl + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String secret =
            JSON.readTree(api.send("GET", "/v1/webhooks/secret", null).body()).get("key").asText();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          ids.add(api.create("webhooks test video " + i, "hooks-" + i).get("id").asText());
        }
        // The jobs finish while the receiver is down; every delivery fails at least once.
        await(Duration.ofMinutes(2), () -> allStored(api, ids) && allTriedAndPending(api, ids));
        service.kill();
        synchronized (up) {
          up[0] = true;
        }
        service.start();
        // Kill it again once part of the backlog is delivered, before all of it is.
        await(Duration.ofMinutes(1), () -> deliveredCount(api, ids) > 0);
        service.kill();
        service.start();
        await(Duration.ofMinutes(2), () -> deliveredCount(api, ids) == totalCount(api, ids));

        Thread.sleep(1500);
        List<Seen> all;
        synchronized (seen) {
          all = List.copyOf(seen);
        }
        int events = 0;
        for (String id : ids) {
          JsonNode deliveries = deliveries(api, id);
          assertThat(deliveries.size()).as(id).isGreaterThanOrEqualTo(3);
          for (JsonNode d : deliveries) {
            events++;
            String eventId = d.get("event_id").asText();
            Instant deliveredAt = Instant.parse(d.get("delivered_at").asText());
            List<Seen> attempts = all.stream().filter(s -> eventId.equals(s.webhookId())).toList();
            assertThat(attempts).as(eventId).isNotEmpty();
            assertThat(attempts.stream().map(Seen::body).distinct()).as(eventId).hasSize(1);
            assertThat(attempts).as(eventId).anyMatch(s -> s.answered() == 200);
            assertThat(attempts).as(eventId).anyMatch(s -> s.answered() == 503);
            // Nothing for a delivery after its 2xx was recorded.
            assertThat(attempts).as(eventId).allMatch(s -> !s.at().isAfter(deliveredAt));
            for (Seen s : attempts) {
              new Webhook(secret).verify(s.body(), s.headers());
            }
          }
        }
        Map<String, Long> perId =
            all.stream()
                .filter(s -> s.answered() == 200)
                .collect(Collectors.groupingBy(Seen::webhookId, Collectors.counting()));
        long repeated = perId.values().stream().filter(n -> n > 1).count();
        System.out.printf(
            "webhooks test: %d jobs, %d events, %d requests, %d acknowledged twice"
                + " (a kill between the answer and its record)%n",
            JOBS, events, all.size(), repeated);
        assertThat(perId).hasSize(events);
      }
    } finally {
      receiver.stop(0);
      ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
    }
  }

  private static JsonNode deliveries(ApiClient api, String id)
      throws IOException, InterruptedException {
    return JSON.readTree(api.send("GET", "/v1/videos/" + id + "/deliveries", null).body())
        .get("data");
  }

  private static boolean allStored(ApiClient api, List<String> ids) throws Exception {
    for (String id : ids) {
      if (api.get(id).get("content").isNull()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allTriedAndPending(ApiClient api, List<String> ids) throws Exception {
    for (String id : ids) {
      JsonNode list = deliveries(api, id);
      if (list.size() < 3) {
        return false;
      }
      for (JsonNode d : list) {
        if (d.get("attempts").asInt() < 1 || !d.get("state").asText().equals("pending")) {
          return false;
        }
      }
    }
    return true;
  }

  private static long deliveredCount(ApiClient api, List<String> ids) throws Exception {
    long n = 0;
    for (String id : ids) {
      for (JsonNode d : deliveries(api, id)) {
        if (d.get("state").asText().equals("delivered")) {
          n++;
        }
      }
    }
    return n;
  }

  private static long totalCount(ApiClient api, List<String> ids) throws Exception {
    long n = 0;
    for (String id : ids) {
      n += deliveries(api, id).size();
    }
    return n;
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Duration within, Condition condition) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException e) {
        // The service is restarting.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not within " + within);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
