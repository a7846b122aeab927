package dev.videoagent.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The REST API as a client application sees it. */
final class ApiClient {
  private final Supplier<URI> base;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  ApiClient(Supplier<URI> base, String key) {
    this.base = base;
    this.key = key;
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.get().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Creates a job; the idempotency key makes a repeat after a lost answer safe. */
  JsonNode create(String prompt, String idempotencyKey) throws IOException, InterruptedException {
    HttpResponse<String> response = send(createRequest(prompt), idempotencyKey);
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IOException("create answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
  }

  /**
   * The answer to a create, as a well-behaved client gets it: while the service is reading as many
   * request bodies as it takes at once it answers 503 and asks for the same request again shortly,
   * so that is what happens here (the same idempotency key: a repeat is never a second job).
   */
  HttpResponse<String> createAnswer(String prompt, String idempotencyKey)
      throws IOException, InterruptedException {
    String body = createRequest(prompt);
    while (true) {
      HttpResponse<String> answer = send(body, idempotencyKey);
      if (answer.statusCode() != 503) {
        return answer;
      }
      Thread.sleep(100);
    }
  }

  private String createRequest(String prompt) throws IOException {
    ObjectNode body = json.createObjectNode().put("prompt", prompt);
    return json.writeValueAsString(body);
  }

  private HttpResponse<String> send(String createBody, String idempotencyKey)
      throws IOException, InterruptedException {
    return send("POST", "/v1/videos", createBody, "Idempotency-Key", idempotencyKey);
  }

  /**
   * Creates a job through a service that may be killed meanwhile: an answer a kill swallowed is
   * asked again with the same idempotency key (restarting the service if it is down) until one
   * comes, so the job exists exactly once.
   */
  JsonNode createSurvivingRestarts(String prompt, String idempotencyKey, ServiceProcess service)
      throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return create(prompt, idempotencyKey);
      } catch (IOException e) {
        if (attempt > 50) {
          throw e;
        }
        if (!service.isAlive()) {
          service.start();
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Waits until there are {@code count} jobs and each is settled: failed, canceled, or completed
   * with its video stored. Fails naming the unsettled ones (a few of them, whole).
   */
  List<JsonNode> awaitAllSettled(int count, Duration within)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<JsonNode> jobs = listAll();
      List<JsonNode> unsettled = jobs.stream().filter(j -> !isSettled(j)).toList();
      if (jobs.size() == count && unsettled.isEmpty()) {
        return jobs;
      }
      if (System.nanoTime() > deadline) {
        Map<String, Integer> statuses = new HashMap<>();
        jobs.forEach(j -> statuses.merge(j.get("status").asText(), 1, Integer::sum));
        throw new AssertionError(
            "jobs not settled within "
                + within
                + ": "
                + jobs.size()
                + " of "
                + count
                + " jobs, "
                + statuses
                + "; unsettled, first of them: "
                + unsettled.stream().limit(3).toList());
      }
      Thread.sleep(500);
    }
  }

  private static boolean isSettled(JsonNode job) {
    String status = job.get("status").asText();
    return status.equals("failed")
        || status.equals("canceled")
        || (status.equals("completed") && !job.get("content").isNull());
  }

  JsonNode get(String id) throws IOException, InterruptedException {
    return json.readTree(send("GET", "/v1/videos/" + id, null).body());
  }

  List<JsonNode> listAll() throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      String path =
          "/v1/videos?limit=100"
              + (cursor == null
                  ? ""
                  : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpResponse<String> response = send("GET", path, null);
      if (response.statusCode() != 200) {
        throw new IOException("list answered " + response.statusCode() + ": " + response.body());
      }
      JsonNode page = json.readTree(response.body());
      page.get("data").forEach(all::add);
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);
    return all;
  }

  /** The stored video's bytes from {@code first} to {@code last} (inclusive), as a 206. */
  HttpResponse<byte[]> contentRange(String id, long first, long last)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.get().resolve("/v1/videos/" + id + "/content"))
            .header("Authorization", "Bearer " + key)
            .header("Range", "bytes=" + first + "-" + last)
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  byte[] content(String id) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(base.get().resolve("/v1/videos/" + id + "/content"))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("content of " + id + " answered " + response.statusCode());
    }
    return response.body();
  }
}
