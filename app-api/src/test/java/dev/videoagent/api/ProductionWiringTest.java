package dev.videoagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.videoagent.api.config.ConfigSource;
import dev.videoagent.api.config.Settings;
import dev.videoagent.api.wiring.Wiring;
import dev.videoagent.core.port.VideoGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service as production builds it: every binding present, nothing overridden. */
class ProductionWiringTest {
  private Path home;
  private Settings settings;

  @BeforeEach
  void sandboxSettings() throws Exception {
    home = Files.createTempDirectory("videoagent-production");
    settings =
        Settings.load(
            ConfigSource.of(
                Map.of(
                    Settings.VIDEOAGENT_HOME, home.toString(),
                    Settings.VIDEOAGENT_SANDBOX, "true",
                    Settings.VIDEOAGENT_PORT, "0")),
            home);
  }

  @AfterEach
  void clean() {
    TestService.deleteQuietly(home);
  }

  @Test
  void startsFromTheProductionInjector() {
    Injector injector = Wiring.injector(settings, Wiring.defaultGateway(settings), new ApiModule());
    ApiService service = ApiService.start(injector);
    try {
      assertThat(get(service, "/health", null).statusCode()).isEqualTo(200);
      assertThat(service.registeredRoutes()).contains("POST /v1/videos", "GET /health");
      // The gateway binding is the guarded one (breaker and metrics), over the sandbox's client.
      assertThat(injector.getInstance(VideoGateway.class).toString()).startsWith("Guarded[");
    } finally {
      service.close(Duration.ofSeconds(2));
    }
  }

  @Test
  void sandboxModeWithoutKeysPrintsAKeyThatWorks() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    ApiService service;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      service = ApiService.start(settings);
    } finally {
      System.setOut(original);
    }
    try {
      String printed = captured.toString(StandardCharsets.UTF_8);
      Matcher key = Pattern.compile("Bearer (va_[A-Za-z0-9_-]+)").matcher(printed);
      assertThat(key.find()).as(printed).isTrue();
      assertThat(printed).contains(service.url() + "/v1/videos");
      HttpResponse<String> created =
          send(
              HttpRequest.newBuilder(URI.create(service.url() + "/v1/videos"))
                  .header("Authorization", "Bearer " + key.group(1))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"My first video\"}")));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(get(service, "/v1/videos", key.group(1)).statusCode()).isEqualTo(200);
      assertThat(get(service, "/v1/videos", null).statusCode()).isEqualTo(401);
    } finally {
      service.close(Duration.ofSeconds(2));
    }
  }

  private static HttpResponse<String> get(ApiService service, String path, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient()
          .send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
