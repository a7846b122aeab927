package dev.videoagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Module;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.usecase.Backoff;
import dev.videoagent.core.usecase.JobPolicy;
import dev.videoagent.core.usecase.PollSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The service started for a test: a real SQLite file in a temporary VIDEOAGENT_HOME, the in-process
 * sandbox with a short completion delay, two tenants, and an HTTP client.
 */
final class TestService implements AutoCloseable {
  static final String TENANT_A = "acme";
  static final String KEY_A = "acme-key-0123456789abcdef";
  static final String TENANT_B = "globex";
  static final String KEY_B = "globex-key-0123456789abcdef";

  static final ObjectMapper JSON = new ObjectMapper();

  final Path home;
  final Settings settings;
  final ApiService service;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestService(Path home, Settings settings, ApiService service) {
    this.home = home;
    this.settings = settings;
    this.service = service;
  }

  static Builder builder() {
    return new Builder();
  }

  static TestService start() {
    return builder().start();
  }

  /** Tracking fast enough for tests: first status read after 100 ms, at most 1 s apart. */
  static JobPolicy fastPolicy() {
    JobPolicy defaults = JobPolicy.defaults();
    return new JobPolicy(
        new PollSchedule(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 0.0),
        defaults.safetyNet(),
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
        Duration.ofSeconds(5),
        defaults.deadline(),
        defaults.maxInFlight(),
        defaults.downloadAttempts(),
        defaults.history());
  }

  /** A port that was free a moment ago, for tests that must know it before start. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Builder {
    private Path home;
    private SandboxConfig sandbox =
        SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300));
    private JobPolicy policy = fastPolicy();
    private Duration idlePoll = Duration.ofMillis(50);
    private final Map<String, String> env = new HashMap<>();
    private final List<Module> overrides = new ArrayList<>();
    private UnaryOperator<Assembly.Builder> tuning = UnaryOperator.identity();

    Builder home(Path value) {
      home = value;
      return this;
    }

    Builder completionDelay(Duration value) {
      sandbox = sandbox.withCompletionDelay(value);
      return this;
    }

    Builder faults(SandboxFaults value) {
      sandbox = sandbox.withFaults(value);
      return this;
    }

    Builder idlePoll(Duration value) {
      idlePoll = value;
      return this;
    }

    Builder policy(JobPolicy value) {
      policy = value;
      return this;
    }

    Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Replaces bindings of the service's own parts (request-body limits, say). */
    Builder override(Module module) {
      overrides.add(module);
      return this;
    }

    /** Adjusts the assembly further (a clock the test moves, a gateway that misbehaves). */
    Builder tune(UnaryOperator<Assembly.Builder> value) {
      UnaryOperator<Assembly.Builder> before = tuning;
      tuning = builder -> value.apply(before.apply(builder));
      return this;
    }

    TestService start() {
      try {
        Path dir = home != null ? home : Files.createTempDirectory("videoagent-api-test");
        Map<String, String> values = new HashMap<>();
        values.put(Setting.VIDEOAGENT_HOME.variable(), dir.toString());
        values.put(Setting.VIDEOAGENT_SANDBOX.variable(), "true");
        values.put(Setting.VIDEOAGENT_PORT.variable(), "0");
        values.put(
            Setting.VIDEOAGENT_API_KEYS.variable(),
            TENANT_A + ":" + KEY_A + "," + TENANT_B + ":" + KEY_B);
        values.putAll(env);
        Configuration configuration = Configuration.ofEnvironment(values, dir);
        Settings settings = configuration.settings();
        SandboxConfig sandboxConfig = sandbox;
        JobPolicy trackingPolicy = policy;
        Duration poll = idlePoll;
        UnaryOperator<Assembly.Builder> tunings = tuning;
        ApiService service =
            ApiService.start(
                settings,
                configuration.serviceSettings(),
                builder ->
                    tunings.apply(
                        builder.sandbox(sandboxConfig).policy(trackingPolicy).idlePoll(poll)),
                overrides.toArray(new Module[0]));
        return new TestService(dir, settings, service);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  SandboxGateway sandbox() {
    return service.assembly().sandbox();
  }

  <T> T get(Class<T> type) {
    return service.injector().getInstance(type);
  }

  URI uri(String path) {
    return URI.create(service.url() + path);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  HttpResponse<String> get(String path, String key) {
    return send(request(path, key).GET());
  }

  HttpResponse<String> post(String path, String key, String json) {
    return send(
        request(path, key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Creates a job with only a prompt, asserting the 201; returns its JSON. */
  JsonNode create(String key, String prompt) {
    HttpResponse<String> response = post("/v1/videos", key, json(Map.of("prompt", prompt)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response);
  }

  JsonNode job(String key, String id) {
    HttpResponse<String> response = get("/v1/videos/" + id, key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  /** Polls GET /v1/videos/{id} until {@code until} holds. */
  JsonNode awaitJob(String key, String id, Predicate<JsonNode> until) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = job(key, id);
              return until.test(last[0]);
            });
    return last[0];
  }

  static boolean stored(JsonNode job) {
    return job.path("status").asText().equals("completed") && job.path("content").isObject();
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts a problem document of {@code status} and returns it. */
  static JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("type").asText()).isNotBlank();
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  /** The fields named in a problem's errors[]. */
  static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  @Override
  public void close() {
    service.close(Duration.ofSeconds(2));
    deleteQuietly(home);
  }

  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp folder left behind is not worth failing a test for.
    }
  }
}
