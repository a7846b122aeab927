package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input of every kind: a 4xx problem naming what is wrong, never a 500. */
class ValidationTest {
  private static TestService service;

  @BeforeAll
  static void start() {
    service = TestService.start();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void emptyPrompt() {
    assertInvalid("{\"prompt\": \"\"}", "prompt");
    assertInvalid("{\"prompt\": \"   \\n \"}", "prompt");
    assertInvalid("{}", "prompt");
    assertInvalid("{\"prompt\": null}", "prompt");
  }

  @Test
  void promptOfOnlyInvisibleCharacters() {
    assertInvalid("{\"prompt\": \"\\u00a0\\u2007\\u202f\\ufeff\\u180e\\u200b\"}", "prompt");
  }

  @Test
  void nulCharactersAreNamedNotStored() {
    assertInvalid("{\"prompt\": \"x\", \"metadata\": {\"k\": \"a\\u0000b\"}}", "metadata.k");
    assertInvalid("{\"prompt\": \"x\", \"metadata\": {\"a\\u0000b\": \"v\"}}", "metadata");
    assertInvalid("{\"prompt\": \"x\", \"avatar\": \"a\\u0000\"}", "avatar");
    assertInvalid(
        "{\"prompt\": \"x\", \"callback_url\": \"https://example.com/a\\u0000\"}", "callback_url");
  }

  @Test
  void promptOfTenThousandAndOneCharacters() {
    JsonNode problem = assertInvalid(body(Map.of("prompt", "a".repeat(10_001))), "prompt");
    assertThat(problem.path("errors").get(0).path("message").asText()).contains("10000");
    HttpResponse<String> longest = create(body(Map.of("prompt", "a".repeat(10_000))));
    assertThat(longest.statusCode()).isEqualTo(201);
  }

  @Test
  void badOrientation() {
    JsonNode problem =
        assertInvalid("{\"prompt\": \"x\", \"orientation\": \"square\"}", "orientation");
    assertThat(problem.path("errors").get(0).path("message").asText())
        .contains("landscape")
        .contains("portrait");
    assertInvalid("{\"prompt\": \"x\", \"orientation\": 1}", "orientation");
  }

  @Test
  void badMetadata() {
    assertInvalid("{\"prompt\": \"x\", \"metadata\": \"campaign=spring\"}", "metadata");
    assertInvalid("{\"prompt\": \"x\", \"metadata\": [\"spring\"]}", "metadata");
    assertInvalid("{\"prompt\": \"x\", \"metadata\": {\"n\": 3}}", "metadata.n");
    assertInvalid("{\"prompt\": \"x\", \"metadata\": {\"n\": null}}", "metadata.n");
    assertInvalid(
        body(Map.of("prompt", "x", "metadata", Map.of("k", "v".repeat(501)))), "metadata.k");
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      tooMany.put("key" + i, "v");
    }
    assertInvalid(body(Map.of("prompt", "x", "metadata", tooMany)), "metadata");
  }

  @Test
  void badCallbackUrl() {
    assertInvalid(
        "{\"prompt\": \"x\", \"callback_url\": \"ftp://example.com/hook\"}", "callback_url");
    assertInvalid("{\"prompt\": \"x\", \"callback_url\": \"not a url\"}", "callback_url");
    assertInvalid("{\"prompt\": \"x\", \"callback_url\": \"/relative/path\"}", "callback_url");
    assertInvalid("{\"prompt\": \"x\", \"callback_url\": 42}", "callback_url");
  }

  @Test
  void badAvatarAndVoice() {
    assertInvalid("{\"prompt\": \"x\", \"avatar\": \"\"}", "avatar");
    assertInvalid("{\"prompt\": \"x\", \"voice\": \"with spaces!\"}", "voice");
    assertInvalid("{\"prompt\": \"x\", \"avatar\": {\"id\": \"a\"}}", "avatar");
  }

  @Test
  void everyBadFieldIsListedAtOnce() {
    JsonNode problem =
        assertInvalid(
            "{\"prompt\": \"\", \"orientation\": \"square\", \"metadata\": {\"a\": 1},"
                + " \"callback_url\": \"ftp://x\", \"colour\": \"red\"}",
            "prompt",
            "orientation",
            "metadata.a",
            "callback_url",
            "colour");
    assertThat(problem.path("detail").asText()).isNotBlank();
  }

  @Test
  void unknownFieldIsNamed() {
    JsonNode problem = assertInvalid("{\"prompt\": \"x\", \"duration\": 30}", "duration");
    assertThat(problem.path("errors").get(0).path("message").asText())
        .contains("not a known field")
        .contains("prompt");
  }

  @Test
  void wrongTypeForThePrompt() {
    JsonNode problem = assertInvalid("{\"prompt\": 12}", "prompt");
    assertThat(problem.path("errors")).hasSize(1);
    assertThat(problem.path("errors").get(0).path("message").asText()).contains("string");
  }

  @Test
  void malformedJson() {
    for (String body :
        new String[] {
          "{\"prompt\": ",
          "{prompt: \"x\"}",
          "{\"prompt\": \"x\",}",
          "{\"prompt\": \"x\"} {}",
          "{\"prompt\": \"x\", \"prompt\": \"y\"}",
          "\u00ff\u00fe"
        }) {
      JsonNode problem = assertInvalid(body, "body");
      assertThat(problem.path("detail").asText())
          .as(body)
          .startsWith("The request body is not valid JSON")
          .doesNotContain("com.fasterxml")
          .doesNotContain("JsonNode");
    }
  }

  @Test
  void jsonThatIsNotAnObject() {
    for (String body :
        new String[] {"[]", "[{\"prompt\": \"x\"}]", "\"prompt\"", "42", "null", "true"}) {
      JsonNode problem = assertInvalid(body, "body");
      assertThat(problem.path("detail").asText()).as(body).contains("must be a JSON object");
    }
  }

  @Test
  void emptyBody() {
    JsonNode problem = assertInvalid("", "body");
    assertThat(problem.path("detail").asText()).contains("empty");
  }

  @Test
  void bodyOverOneMebibyteIs413() throws IOException {
    String big = "{\"prompt\": \"" + "a".repeat(1024 * 1024) + "\"}";
    // A declared length over the cap is refused before a byte of the body is read: send only the
    // headers and read the answer.
    String raw = refusedBeforeTheBody(big.getBytes(StandardCharsets.UTF_8).length);
    assertThat(raw).startsWith("HTTP/1.1 413").contains("application/problem+json");
    assertThat(raw).contains("urn:videoagent:problem:payload-too-large");

    // Without a Content-Length (chunked), the read is cut off at the cap all the same.
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> chunked =
        service.send(
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(bytes))));
    TestService.problem(chunked, 413);
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    HttpResponse<String> response =
        service.send(
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("prompt=hello")));
    JsonNode problem = TestService.problem(response, 415);
    assertThat(problem.path("detail").asText()).contains("application/json");

    HttpResponse<String> vendorJson =
        service.send(
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/vnd.example+json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hello\"}")));
    assertThat(vendorJson.statusCode()).isEqualTo(201);
  }

  @Test
  void badListParametersAreNamed() {
    assertThat(TestService.fields(TestService.problem(list("status=done"), 400)))
        .containsExactly("status");
    assertThat(TestService.fields(TestService.problem(list("status=COMPLETED"), 400)))
        .containsExactly("status");
    for (String limit : new String[] {"0", "101", "-5", "ten", "2.5"}) {
      assertThat(TestService.fields(TestService.problem(list("limit=" + limit), 400)))
          .as(limit)
          .containsExactly("limit");
    }
    for (String cursor : new String[] {"garbage%21", "dmlkXzE", "djE6Li4vZXRj"}) {
      assertThat(TestService.fields(TestService.problem(list("cursor=" + cursor), 400)))
          .as(cursor)
          .containsExactly("cursor");
    }
    assertThat(TestService.fields(TestService.problem(list("page=2"), 400)))
        .containsExactly("page");
    assertThat(TestService.fields(TestService.problem(list("status=nope&limit=0&cursor=x!"), 400)))
        .containsExactlyInAnyOrder("status", "limit", "cursor");
    assertThat(list("status=&limit=&cursor=").statusCode()).isEqualTo(200);
  }

  @Test
  void malformedQueryParametersAreNamedNotIgnored() {
    for (String query :
        new String[] {
          "cursor=%zz", "cursor=%", "cursor=ab%00cd", "cursor=%ed%a0%80", "cursor=%e2%28"
        }) {
      assertThat(TestService.fields(raw("GET /v1/videos?" + query, KEY_A)))
          .as(query)
          .containsExactly("cursor");
    }
    assertThat(TestService.fields(raw("GET /v1/videos?limit=%zz", KEY_A))).containsExactly("limit");
    assertThat(TestService.fields(raw("GET /v1/videos?status=%0a", KEY_A)))
        .containsExactly("status");
    assertThat(TestService.fields(raw("GET /v1/videos?status=%zz&limit=%g0", KEY_A)))
        .containsExactlyInAnyOrder("status", "limit");
    assertThat(TestService.fields(raw("POST /v1/gateway-callbacks/vid_X?token=%zz", null)))
        .containsExactly("token");
    // Well-formed escapes still work.
    assertThat(list("status=%63ompleted&limit=%32").statusCode()).isEqualTo(200);
  }

  @Test
  void anIdNoJobCanHaveIsNamedBeforeAnythingLooksItUp() {
    for (String id : new String[] {"x".repeat(129), "vid_%E2%9C%93", "vid%20X", "vid.X"}) {
      for (String path : new String[] {"", "/content"}) {
        assertThat(
                TestService.fields(
                    TestService.problem(service.get("/v1/videos/" + id + path, KEY_A), 400)))
            .as(id + path)
            .containsExactly("id");
      }
      HttpResponse<String> cancel =
          service.send(
              service
                  .request("/v1/videos/" + id + "/cancel", KEY_A)
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(TestService.fields(TestService.problem(cancel, 400))).containsExactly("id");
    }
    TestService.problem(service.get("/v1/videos/" + "x".repeat(128), KEY_A), 404);
  }

  @Test
  void aKeyThatCannotBeAKeyIsAMalformedRequest() {
    for (String key : new String[] {"k".repeat(513), "caf\u00e9-key-0123456789abcdef"}) {
      try (RawHttp http = new RawHttp(service.service.port())) {
        RawHttp.Answer answer =
            http.head("GET /v1/videos HTTP/1.1", "Authorization: Bearer " + key).answer();
        assertThat(answer.status()).as(key).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate"))
            .isEqualTo("Bearer realm=\"videoagent\", error=\"invalid_request\"");
      }
    }
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    JsonNode notFound = TestService.problem(service.get("/v2/videos", KEY_A), 404);
    assertThat(notFound.path("type").asText()).isEqualTo("urn:videoagent:problem:not-found");
    HttpResponse<String> wrongMethod =
        service.send(service.request("/v1/videos/vid_X", KEY_A).DELETE());
    TestService.problem(wrongMethod, 405);
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void noBadInputGetsA500() throws IOException {
    List<HttpRequest.Builder> requests =
        List.of(
            service.request("/v1/videos/" + "x".repeat(2000), KEY_A).GET(),
            service.request("/v1/videos/%00/content", KEY_A).GET(),
            service.request("/v1/videos/..%2F..%2Fetc%2Fpasswd/content", KEY_A).GET(),
            service.request("/v1/videos/vid_%E2%9C%93/content", KEY_A).GET(),
            service
                .request("/v1/videos/vid_X/content", KEY_A)
                .header("Range", "bytes=99999999999999999999-")
                .GET(),
            service.request("/v1/videos?limit=99999999999999999999", KEY_A).GET(),
            service.request("/v1/videos?cursor=" + "A".repeat(5000), KEY_A).GET(),
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[".repeat(5000) + "]".repeat(5000))),
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": 1e999999}")),
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"\\ud800\"}")),
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"nul \\u0000 inside\"}")),
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xC3, 0x28})),
            service
                .request("/v1/gateway-callbacks/vid_X?token=" + "t".repeat(3000), null)
                .POST(HttpRequest.BodyPublishers.ofString("{}")),
            service
                .request("/v1/gateway-callbacks/vid_X", null)
                .POST(HttpRequest.BodyPublishers.noBody()),
            service.request("/v1/videos", "x".repeat(5000)).GET());
    for (HttpRequest.Builder request : requests) {
      HttpResponse<String> response = service.send(request);
      assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
    // An oversized body on a route that takes none is refused from its declared length. Sent
    // through a raw socket: a client still writing 2 MiB may see the connection reset by the early
    // answer instead of reading it.
    assertThat(refusedBeforeTheBody("/v1/videos/vid_X/cancel", 2 * 1024 * 1024))
        .startsWith("HTTP/1.1 413")
        .contains("application/problem+json");
  }

  /** Sends a create request's headers declaring {@code length} bytes, and no body. */
  private static String refusedBeforeTheBody(int length) throws IOException {
    return refusedBeforeTheBody("/v1/videos", length);
  }

  /** Sends a POST's headers to {@code path} declaring {@code length} bytes, and no body. */
  private static String refusedBeforeTheBody(String path, int length) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", service.service.port())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\n"
              + "Authorization: Bearer "
              + KEY_A
              + "\r\n"
              + "Content-Type: application/json\r\n"
              + "Content-Length: "
              + length
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      try {
        while ((n = socket.getInputStream().read(buffer)) != -1) {
          answer.write(buffer, 0, n);
          if (answer.toString(StandardCharsets.UTF_8).contains("payload-too-large")) {
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        // What arrived is what the assertions look at.
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  /** Sends a request line as written (no client library re-encodes it); returns its 400. */
  private static JsonNode raw(String requestLine, String key) {
    try (RawHttp http = new RawHttp(service.service.port())) {
      RawHttp.Answer answer =
          key == null
              ? http.head(requestLine + " HTTP/1.1", "Content-Length: 0").answer()
              : http.head(requestLine + " HTTP/1.1", "Authorization: Bearer " + key).answer();
      assertThat(answer.status()).as(requestLine + " " + answer.body()).isEqualTo(400);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      return TestService.JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> list(String query) {
    return service.get("/v1/videos?" + query, KEY_A);
  }

  private static HttpResponse<String> create(String body) {
    return service.post("/v1/videos", KEY_A, body);
  }

  private static String body(Map<String, ?> fields) {
    return TestService.json(fields);
  }

  /** Asserts a 400 whose errors[] names exactly {@code fields}. */
  private static JsonNode assertInvalid(String body, String... fields) {
    JsonNode problem = TestService.problem(create(body), 400);
    assertThat(problem.path("type").asText()).isEqualTo("urn:videoagent:problem:invalid-request");
    assertThat(TestService.fields(problem)).as(body).containsExactlyInAnyOrder(fields);
    problem
        .path("errors")
        .forEach(e -> assertThat(e.path("message").asText()).as(body).isNotBlank());
    return problem;
  }
}
