package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Error answers are small whatever the request held, speak plain sentences, and always carry the
 * status they are sent with.
 */
class ErrorAnswersTest {
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
  void sixtyThousandUnknownFieldsGetAnAnswerOfAFewKilobytes() {
    StringBuilder body = new StringBuilder("{\"prompt\": \"x\"");
    for (int i = 0; i < 60_000; i++) {
      body.append(String.format(",\"f%05d\":1", i));
    }
    String json = body.append('}').toString();
    assertThat(json.length()).isGreaterThan(600_000);

    HttpResponse<String> response = create(json);

    JsonNode problem = TestService.problem(response, 400);
    assertThat(response.body().length()).isLessThan(16 * 1024);
    assertThat(problem.path("errors")).hasSize(20);
    assertThat(TestService.fields(problem)).startsWith("f00000", "f00001").doesNotContain("f00020");
    assertThat(problem.path("detail").asText())
        .contains("59980 more problems")
        .contains("60000 in all");
  }

  @Test
  void longFieldNamesAndValuesAreCutInTheAnswer() {
    String name = "n".repeat(5_000);
    HttpResponse<String> response =
        create("{\"prompt\": \"x\", \"" + name + "\": 1, \"metadata\": {\"" + name + "\": 2}}");

    JsonNode problem = TestService.problem(response, 400);
    assertThat(response.body().length()).isLessThan(4 * 1024);
    problem
        .path("errors")
        .forEach(
            error -> {
              assertThat(error.path("field").asText().length()).isLessThanOrEqualTo(100);
              assertThat(error.path("message").asText().length()).isLessThanOrEqualTo(300);
            });
    assertThat(problem.path("errors").get(0).path("field").asText())
        .startsWith("nnnn")
        .endsWith("…");
  }

  @Test
  void aThousandBadMetadataEntriesAreOneError() {
    StringBuilder metadata = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      metadata.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
    }
    HttpResponse<String> response = create("{\"prompt\": \"x\", \"metadata\": {" + metadata + "}}");

    JsonNode problem = TestService.problem(response, 400);
    assertThat(TestService.fields(problem)).containsExactly("metadata");
    assertThat(problem.path("detail").asText()).contains("at most 50 entries (it has 1000)");
  }

  @Test
  void fiftyBadMetadataEntriesAreListedTwentyAtATime() {
    StringBuilder metadata = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      metadata.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
    }
    JsonNode problem =
        TestService.problem(create("{\"prompt\": \"x\", \"metadata\": {" + metadata + "}}"), 400);
    assertThat(problem.path("errors")).hasSize(20);
    assertThat(problem.path("detail").asText()).contains("30 more problems").contains("50 in all");
  }

  @Test
  void manyUnknownQueryParametersAreNotListedOneByOne() {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      query.append(i == 0 ? "" : "&").append("p").append(i).append("=1");
    }
    HttpResponse<String> response = service.get("/v1/videos?" + query, KEY_A);

    JsonNode problem = TestService.problem(response, 400);
    assertThat(problem.path("errors")).hasSize(20);
    assertThat(problem.path("detail").asText()).contains("280 more problems");
  }

  @Test
  void anUnpairedSurrogateInAFieldNameIsSaidToBeOne() {
    JsonNode problem = TestService.problem(create("{\"prompt\": \"x\", \"a\\ud800b\": 1}"), 400);
    assertThat(problem.path("detail").asText()).contains("surrogate pair");
  }

  @Test
  void malformedJsonIsDescribedInPlainSentences() {
    String[] bodies = {
      "{\"prompt\": NaN}",
      "{\"prompt\": -Infinity}",
      "{\"prompt\": +1}",
      "{\"prompt\": 01}",
      "{\"prompt\": 'x'}",
      "{'prompt': \"x\"}",
      "{\"prompt\": \"x\" /* a comment */}",
      "# a comment\n{\"prompt\": \"x\"}",
      "{\"prompt\": \"a\u0001b\"}",
      "{\"prompt\": \"a\\xb\"}",
      "{\"prompt\": tru}",
      "{\"prompt\": \"x\"]",
      "{\"prompt\": \"x\"} trailing",
      "{\"prompt\": [" + "[".repeat(1_500) + "]" + "]".repeat(1_500) + "}",
      "{\"n\": 1" + "0".repeat(2_000) + ", \"prompt\": \"x\"}",
      "{\"prompt\": \"x\", \"prompt\": \"y\"}",
      "{\"prompt\": "
    };
    for (String body : bodies) {
      JsonNode problem = TestService.problem(create(body), 400);
      String detail = problem.path("detail").asText();
      assertThat(detail)
          .as(body.length() > 80 ? body.substring(0, 80) : body)
          .startsWith("The request body is not valid JSON")
          .endsWith(".")
          .doesNotContain("`")
          .doesNotContain("Feature")
          .doesNotContain("Constraints")
          .doesNotContain("enable")
          .doesNotContain("com.fasterxml")
          .doesNotContain("JsonToken")
          .doesNotContain("(code ");
      assertThat(detail.length()).isLessThan(300);
    }
  }

  @Test
  void aBodyThatIsNotUtf8IsSaidToBeSo() {
    HttpResponse<String> response =
        service.send(
            service
                .request("/v1/videos", KEY_A)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        "{\"prompt\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1))));
    JsonNode problem = TestService.problem(response, 400);
    assertThat(problem.path("detail").asText()).contains("not valid UTF-8");
  }

  @Test
  void statusesJettyRaisesItselfAreTheStatusOfTheProblemToo() {
    String[] requests = {
      "GET /health HTTP/1.2\r\nHost: x\r\n\r\n",
      "GET /health HTTP/2.0\r\nHost: x\r\n\r\n",
      "GET /" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n",
      "POST /v1/videos HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"
    };
    int[] expected = {505, 426, 414, 431, 400, 400};
    for (int i = 0; i < requests.length; i++) {
      try (RawHttp http = new RawHttp(service.service.port())) {
        RawHttp.Answer answer = http.send(requests[i]).answer();
        assertThat(answer.status()).as(requests[i].substring(0, 30)).isEqualTo(expected[i]);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(answer.body().length()).isLessThan(1_024);
      }
    }
  }

  private static HttpResponse<String> create(String body) {
    return service.post("/v1/videos", KEY_A, body);
  }

  private static JsonNode json(String body) {
    try {
      return TestService.JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(body, e);
    }
  }
}
