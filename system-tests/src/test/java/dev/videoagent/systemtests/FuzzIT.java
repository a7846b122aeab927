package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random and malformed requests — bodies, headers, paths, query strings, raw bytes —
 * against the running service: none may answer 500, none may hang, and the service must still work
 * afterwards.
 */
class FuzzIT {
  private static final int REQUESTS = 3_000;
  private static final int RAW_REQUESTS = 200;
  private static final String[] METHODS = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"
  };
  private static final String[] PATHS = {
    "/v1/videos",
    "/v1/videos/%s",
    "/v1/videos/%s/cancel",
    "/v1/videos/%s/retry",
    "/v1/videos/%s/content",
    "/v1/videos/%s/events",
    "/v1/gateway-callbacks/%s",
    "/health",
    "/metrics",
    "/openapi.json",
    "/",
    "/v1",
    "/v2/%s",
    "/v1/videos/%s/%s"
  };

  @TempDir Path home;

  @Test
  void noRandomRequestEndsIn500OrHangsAndTheServiceStillWorks() throws Exception {
    Random random = new Random(424242);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    SandboxConfig sandbox = SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300));
    try (InProcessService service = new InProcessService(home, sandbox, Duration.ofSeconds(1))) {
      String realId = service.api.create("fuzz target", "fuzz-target").get("id").asText();
      Map<Integer, Integer> statuses = new TreeMap<>();
      List<String> failures = new ArrayList<>();

      for (int i = 0; i < REQUESTS; i++) {
        HttpRequest request = randomRequest(random, service.url(), realId);
        HttpResponse<String> response;
        try {
          response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
          // The server may close a connection on garbage; it must not be a hang (the timeout).
          if (e instanceof java.net.http.HttpTimeoutException) {
            failures.add("hang: " + request.method() + " " + request.uri());
          }
          continue;
        }
        statuses.merge(response.statusCode(), 1, Integer::sum);
        if (response.statusCode() >= 500 && response.statusCode() != 503) {
          failures.add(
              response.statusCode()
                  + ": "
                  + request.method()
                  + " "
                  + request.uri()
                  + " -> "
                  + response.body());
        }
      }
      for (int i = 0; i < RAW_REQUESTS; i++) {
        String answer = rawExchange(service.url(), randomRawRequest(random));
        if (answer.startsWith("HTTP/1.1 5") && !answer.startsWith("HTTP/1.1 503")) {
          failures.add("raw: " + answer.lines().findFirst().orElse(""));
        }
      }

      assertThat(failures).as("statuses seen: %s", statuses).isEmpty();
      assertThat(statuses.keySet()).contains(400, 401, 404);
      HttpResponse<String> health = service.api.send("GET", "/health", null);
      assertThat(health.statusCode()).isEqualTo(200);
      String id = service.api.create("after the fuzz", "after-fuzz").get("id").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!service.api.get(id).get("status").asText().equals("completed")) {
        assertThat(System.nanoTime()).as("the service still completes jobs").isLessThan(deadline);
        Thread.sleep(200);
      }
      System.out.println(
          "fuzz: " + REQUESTS + " requests + " + RAW_REQUESTS + " raw, statuses " + statuses);
    }
  }

  private static HttpRequest randomRequest(Random random, URI base, String realId) {
    // Half the requests aim at the richest parser, the create route, with a good key.
    boolean create = random.nextBoolean();
    String path =
        create
            ? "/v1/videos"
            : String.format(
                pick(random, PATHS), randomId(random, realId), randomId(random, realId));
    String query = random.nextInt(3) == 0 ? "?" + randomQuery(random) : "";
    URI uri;
    try {
      uri = base.resolve(path + query);
    } catch (IllegalArgumentException e) {
      uri = base.resolve("/v1/videos?" + "bad=%zz".substring(0, 4));
    }
    String method = create ? "POST" : pick(random, METHODS);
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    int auth = create ? 1 : random.nextInt(5);
    if (auth > 0) {
      builder.header(
          "Authorization",
          switch (auth) {
            case 1 -> "Bearer " + InProcessService.CLIENT_KEY;
            case 2 -> "Bearer " + garbage(random, 40);
            case 3 -> "Basic " + garbage(random, 10);
            default -> "Bearer";
          });
    } else if (random.nextBoolean()) {
      builder.header("Authorization", "Bearer " + InProcessService.CLIENT_KEY);
    }
    if (random.nextInt(4) == 0) {
      builder.header(
          "Content-Type",
          pick(
              random,
              new String[] {
                "application/json",
                "text/plain",
                "application/json; charset=latin1",
                "multipart/form-data",
                "application/merge-patch+json"
              }));
    }
    if (random.nextInt(6) == 0) {
      builder.header("Idempotency-Key", garbage(random, random.nextInt(300)));
    }
    if (random.nextInt(6) == 0) {
      builder.header(
          "Range",
          pick(
              random,
              new String[] {
                "bytes=0-10",
                "bytes=-5",
                "bytes=10-1",
                "bytes=abc",
                "items=0-1",
                "bytes=0-1,5-9",
                "bytes=999999999999999999999-"
              }));
    }
    String body = method.equals("GET") || method.equals("HEAD") ? null : randomBody(random);
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return builder.build();
  }

  private static String randomBody(Random random) {
    switch (random.nextInt(12)) {
      case 0:
        return "";
      case 1:
        return "{\"prompt\": \"a fuzzed prompt " + random.nextInt() + "\"}";
      case 2:
        return "{\"prompt\": "
            + pick(random, new String[] {"1", "null", "true", "[]", "{}", "\"\"", "1e999"})
            + "}";
      case 3:
        return "[" + "[".repeat(random.nextInt(2_000));
      case 4:
        return "{\"prompt\": \"x\", \"orientation\": \""
            + garbage(random, 8)
            + "\", \"metadata\": {\"k\": "
            + random.nextInt()
            + "}}";
      case 5:
        return "{\"prompt\": \"x\", \"callback_url\": \""
            + pick(
                random,
                new String[] {
                  "file:///etc/passwd", "http://", "javascript:alert(1)", "https://ok.example.com/h"
                })
            + "\"}";
      case 6:
        return garbage(random, random.nextInt(500));
      case 7:
        return "{\"prompt\": \"" + "\\ud800".repeat(3) + "\"}";
      case 8:
        return "{\"prompt\": \"x\", \"unknown\": 1, \"prompt\": \"y\"}";
      case 9:
        return "{\"metadata\": {"
            + "\"k\": \"v\",".repeat(60)
            + "\"z\": \"v\"}, \"prompt\": \"p\"}";
      case 10:
        return "{\"prompt\": \"" + "z".repeat(random.nextInt(12_000)) + "\"}";
      default:
        return "null";
    }
  }

  private static String randomQuery(Random random) {
    return pick(
        random,
        new String[] {
          "status=",
          "status=done",
          "status=completed",
          "limit=0",
          "limit=101",
          "limit=-1",
          "limit=abc",
          "limit=99999999999999",
          "cursor=" + garbage(random, 12),
          "cursor=",
          "token=" + garbage(random, 8),
          "status=pending&status=queued",
          "x=%00",
          "limit=5&cursor=djE6dmlkXzAw"
        });
  }

  private static String randomId(Random random, String realId) {
    return switch (random.nextInt(6)) {
      case 0 -> realId;
      case 1 -> "vid_" + garbage(random, 26);
      case 2 -> "..%2F..%2Fetc%2Fpasswd";
      case 3 -> "%F0%9F%8E%AC" + random.nextInt();
      case 4 -> "a".repeat(random.nextInt(3_000));
      default -> Integer.toString(random.nextInt());
    };
  }

  private static String garbage(Random random, int length) {
    String alphabet = "abcXYZ019-_.~!*'();:@&=+$,/?#[]% \"<>\\^`{|}";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString().replaceAll("[\\r\\n]", "");
  }

  private static String randomRawRequest(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> "GARBAGE\r\n\r\n";
      case 1 ->
          "GET /v1/videos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + InProcessService.CLIENT_KEY
              + "\r\n"
              + "X-Long: "
              + "a".repeat(70_000)
              + "\r\n\r\n";
      case 2 -> "POST /v1/videos HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n";
      case 3 -> "GET /v1/videos/%zz HTTP/1.1\r\nHost: x\r\n\r\n";
      case 4 ->
          "POST /v1/videos HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer "
              + InProcessService.CLIENT_KEY
              + "\r\n\r\nzz\r\n";
      default -> "GET /" + "x/".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
    };
  }

  private static String rawExchange(URI base, String request) throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n;
      try {
        while ((n = in.read(buffer)) != -1 && out.size() < 16_384) {
          out.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException | java.net.SocketException e) {
        // A closed or silent connection is an acceptable answer to garbage; a 500 is not.
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
