package dev.videoagent.assembly.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback that answers as its script says, and remembers every request: its
 * headers, body and when it came, and how many requests for one webhook-id and path (one delivery)
 * were in flight at once.
 */
final class Receiver implements AutoCloseable {
  /** What to answer to the {@code n}th request (1 for the first) for one webhook-id. */
  @FunctionalInterface
  interface Script {
    Answer answer(int n, String webhookId);
  }

  record Answer(int status, Map<String, String> headers, long delayMillis) {
    static Answer status(int status) {
      return new Answer(status, Map.of(), 0);
    }
  }

  record Received(String webhookId, Map<String, List<String>> headers, String body, Instant at) {}

  private final HttpServer server;
  private final Script script;
  private final List<Received> received = new ArrayList<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger mostAtOnceForOneId = new AtomicInteger();

  Receiver(Script script) throws IOException {
    this.script = script;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::handle);
    server.start();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
    synchronized (received) {
      received.add(new Received(id, headers, body, Instant.now()));
    }
    // One delivery is one event to one URL: the same event may go to two paths at once.
    String key = exchange.getRequestURI().getPath() + " " + id;
    int now = inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    mostAtOnceForOneId.accumulateAndGet(now, Math::max);
    try {
      Answer answer =
          script.answer(
              counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet(), id);
      if (answer.delayMillis() > 0) {
        Thread.sleep(answer.delayMillis());
      }
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(answer.status(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The sender gave up waiting (a time-out under test): nothing to answer to.
    } finally {
      inFlight.get(key).decrementAndGet();
      exchange.close();
    }
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  List<Received> receivedFor(String webhookId) {
    return received().stream().filter(r -> webhookId.equals(r.webhookId())).toList();
  }

  int mostAtOnceForOneId() {
    return mostAtOnceForOneId.get();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
