package dev.videoagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.GuardedGateway;
import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.ServiceSettings;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
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
  private ServiceSettings service;

  @BeforeEach
  void sandboxSettings() throws Exception {
    home = Files.createTempDirectory("videoagent-production");
    Configuration configuration =
        Configuration.ofEnvironment(
            Map.of(
                Setting.VIDEOAGENT_HOME.variable(), home.toString(),
                Setting.VIDEOAGENT_SANDBOX.variable(), "true",
                Setting.VIDEOAGENT_PORT.variable(), "0"),
            home);
    settings = configuration.settings();
    service = configuration.serviceSettings();
  }

  @AfterEach
  void clean() {
    TestService.deleteQuietly(home);
  }

  @Test
  void startsFromTheProductionInjector() {
    Injector injector = ApiService.productionInjector(settings, service);
    ApiService started = ApiService.start(injector);
    try {
      assertThat(get(started, "/health", null).statusCode()).isEqualTo(200);
      assertThat(started.registeredRoutes()).contains("POST /v1/videos", "GET /health");
      // The gateway the use cases call is the guarded one (breaker and metrics), over the
      // sandbox's client.
      assertThat(injector.getInstance(GuardedGateway.class).toString()).startsWith("Guarded[");
      assertThat(started.assembly().submitJob())
          .isSameAs(injector.getInstance(Assembly.class).submitJob());
    } finally {
      started.close(Duration.ofSeconds(2));
    }
  }

  @Test
  void sandboxModeWithoutKeysPrintsAKeyThatWorks() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    ApiService started;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      started = ApiService.start(settings, service);
    } finally {
      System.setOut(original);
    }
    try {
      String printed = captured.toString(StandardCharsets.UTF_8);
      Matcher key = Pattern.compile("Bearer (va_[A-Za-z0-9_-]+)").matcher(printed);
      assertThat(key.find()).as(printed).isTrue();
      assertThat(printed).contains(started.url() + "/v1/videos");
      HttpResponse<String> created =
          send(
              HttpRequest.newBuilder(URI.create(started.url() + "/v1/videos"))
                  .header("Authorization", "Bearer " + key.group(1))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"My first video\"}")));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(get(started, "/v1/videos", key.group(1)).statusCode()).isEqualTo(200);
      assertThat(get(started, "/v1/videos", null).statusCode()).isEqualTo(401);
    } finally {
      started.close(Duration.ofSeconds(2));
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
