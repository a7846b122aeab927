package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static dev.videoagent.api.TestService.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.api.http.ConsoleAssets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console's files come from the jar with their security headers, and its player's signed
 * content links open the one video they were made for, seekable, and nothing else.
 */
class ConsoleTest {
  private static TestService service;
  private static String id;
  private static String otherId;

  @BeforeAll
  static void start() {
    service = TestService.start();
    id = service.create(KEY_A, "A console video").path("id").asText();
    otherId = service.create(KEY_A, "Another console video").path("id").asText();
    service.awaitJob(KEY_A, id, TestService::stored);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void everyConsoleFileIsServedWithTheSecurityHeaders() {
    for (String path : List.of("/", "/index.html", "/console.css", "/js/app.js", "/js/api.js")) {
      HttpResponse<String> response = service.get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .contains(ConsoleAssets.CONTENT_SECURITY_POLICY);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }
    String policy = ConsoleAssets.CONTENT_SECURITY_POLICY;
    assertThat(policy)
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'")
        .contains("base-uri 'none'")
        .contains("form-action 'self'")
        .contains("object-src 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
  }

  @Test
  void thePageIsHtmlAndItsModulesAreJavaScript() {
    HttpResponse<String> page = service.get("/", null);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"/js/app.js\">");
    // No inline script or style anywhere: the policy would block it, so none may be relied on.
    assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
    assertThat(page.body())
        .doesNotContain("style=")
        .doesNotContain("<style")
        .doesNotContainPattern("\\son[a-z]+=");
    assertThat(service.get("/js/app.js", null).headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).matches("(text|application)/javascript.*"));
  }

  @Test
  void theConsoleRendersApiTextAsTextNeverAsHtml() {
    for (String module : List.of("/js/app.js", "/js/api.js", "/js/events.js", "/js/format.js")) {
      assertThat(service.get(module, null).body())
          .as(module)
          .doesNotContain("innerHTML")
          .doesNotContain("outerHTML")
          .doesNotContain("insertAdjacentHTML")
          .doesNotContain("document.write");
    }
  }

  @Test
  void theApiStillAnswersProblemsAndNotThePage() {
    HttpResponse<String> unknown = service.get("/v1/nothing-here", KEY_A);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).doesNotContain("<html");
  }

  @Test
  void aMintedLinkPlaysAndSeeksTheVideoWithoutTheKey() {
    JsonNode link = mint(KEY_A, id);
    String url = link.path("url").asText();
    assertThat(url).startsWith("/v1/videos/" + id + "/content?link=").doesNotContain(KEY_A);
    Instant expires = Instant.parse(link.path("expires_at").asText());
    assertThat(expires).isAfter(Instant.now().plusSeconds(60));

    byte[] clip = service.sandbox().sampleClip();
    HttpResponse<byte[]> whole = service.sendForBytes(service.request(url, null).GET());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(clip);

    HttpResponse<byte[]> part =
        service.sendForBytes(service.request(url, null).header("Range", "bytes=100-199").GET());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(clip, 100, 200));
    assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-199/" + clip.length);
  }

  @Test
  void aLinkOpensOnlyTheVideoItWasMadeFor() {
    String token = token(mint(KEY_A, otherId));
    HttpResponse<String> elsewhere =
        service.get("/v1/videos/" + id + "/content?link=" + token, null);
    TestService.problem(elsewhere, 401);
    assertThat(elsewhere.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void aForgedOrMangledLinkIsRefused() {
    String token = token(mint(KEY_A, id));
    String expiry = token.substring(0, token.indexOf('.'));
    for (String forged :
        List.of(
            "",
            "nonsense",
            "99999999999." + token.substring(token.indexOf('.') + 1),
            expiry + ".AAAA",
            token + "x")) {
      HttpResponse<String> response =
          service.get("/v1/videos/" + id + "/content?link=" + forged, null);
      assertThat(response.statusCode()).as(forged).isEqualTo(401);
    }
  }

  @Test
  void onlyACallerWhoMaySeeTheJobGetsALink() {
    TestService.problem(service.post("/v1/videos/" + id + "/content-link", KEY_B, ""), 404);
    TestService.problem(service.post("/v1/videos/" + id + "/content-link", null, ""), 401);
  }

  @Test
  void aBearerKeyStillWinsOverALink() {
    String url = mint(KEY_A, id).path("url").asText();
    HttpResponse<String> wrongTenant = service.get(url, KEY_B);
    TestService.problem(wrongTenant, 404);
  }

  private static JsonNode mint(String key, String job) {
    HttpResponse<String> response =
        service.send(
            service
                .request("/v1/videos/" + job + "/content-link", key)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    return TestService.json(response);
  }

  private static String token(JsonNode link) {
    String url = link.path("url").asText();
    return url.substring(url.indexOf("link=") + 5);
  }
}
