package dev.videoagent.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.adapters.http.sandbox.SandboxStats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long the service takes from the gateway's callback to the job's {@code completed}, measured
 * on the service as users run it (its own JVM, {@code VIDEOAGENT_PUBLIC_URL} set, so the gateway
 * calls back) with the sandbox in this JVM as the gateway. The sandbox notes when it first sent
 * each job's callback; the job's own {@code completed_at} says when the service stored it
 * completed, and its {@code updated_at} (once {@code content} is set) when the video was stored.
 * Both clocks are this machine's.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.videoagent.benchmarks.http.CallbackDelayMain \
 *     JOBS PER_SECOND [COMPLETION_MS]
 * </pre>
 *
 * Jobs are created at {@code PER_SECOND}, each with its own prompt. The service has its default
 * settings except where this process's environment says otherwise ({@code VIDEOAGENT_GATEWAY_RATE},
 * say): the environment is passed on, with the gateway, home, port and keys set here. Run from the
 * top folder, after {@code mvn -B -DskipTests package}.
 */
public final class CallbackDelayMain {
  private static final String GATEWAY_KEY = "sk-bench-callback-gateway-key";
  private static final String CLIENT_KEY = "bench-callback-client-key-0123456789";
  private static final Duration SETTLE_WITHIN = Duration.ofMinutes(10);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI service;

  private CallbackDelayMain(URI service) {
    this.service = service;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: CallbackDelayMain JOBS PER_SECOND [COMPLETION_MS]");
      System.exit(2);
    }
    int jobs = Integer.parseInt(args[0]);
    double perSecond = Double.parseDouble(args[1]);
    Duration completion = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 4_000);
    Path home = Files.createTempDirectory("videoagent-callback-bench");
    SandboxConfig config =
        SandboxConfig.defaults().withApiKey(GATEWAY_KEY).withCompletionDelay(completion);
    try (SandboxGateway sandbox = SandboxGateway.start(config)) {
      int port = freePort();
      Process process = startService(sandbox, home, port);
      try {
        CallbackDelayMain bench = new CallbackDelayMain(URI.create("http://127.0.0.1:" + port));
        bench.awaitHealthy(process);
        System.out.printf(
            "machine: %d cores, load %s, %s; %d jobs at %.1f/s, gateway jobs take %d ms%n",
            Runtime.getRuntime().availableProcessors(),
            Files.readString(Path.of("/proc/loadavg")).trim(),
            System.getProperty("java.version"),
            jobs,
            perSecond,
            completion.toMillis());
        List<String> ids = bench.createPaced(jobs, perSecond);
        List<JsonNode> settled = bench.awaitStored(ids);
        bench.report(settled, sandbox.stats());
      } finally {
        process.destroy();
        process.waitFor();
      }
    }
  }

  private static Process startService(SandboxGateway sandbox, Path home, int port)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path jar = Path.of("app-api", "target", "videoagent-api.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn -B -DskipTests package first");
    }
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("service.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("PIXAZO_API_KEY", GATEWAY_KEY);
    env.put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
    env.put("VIDEOAGENT_HOME", home.toString());
    env.put("VIDEOAGENT_HOST", "127.0.0.1");
    env.put("VIDEOAGENT_PORT", Integer.toString(port));
    env.put("VIDEOAGENT_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("VIDEOAGENT_API_KEYS", "bench:" + CLIENT_KEY);
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitHealthy(Process process) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue());
      }
      try {
        if (send(HttpRequest.newBuilder(service.resolve("/health"))).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the service did not become healthy within a minute");
  }

  /** Creates {@code count} jobs, one every {@code 1 / perSecond} seconds; returns their ids. */
  private List<String> createPaced(int count, double perSecond)
      throws IOException, InterruptedException {
    long gapNanos = (long) (1e9 / perSecond);
    long start = System.nanoTime();
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long wait = start + i * gapNanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String body = json.writeValueAsString(Map.of("prompt", "callback delay video " + i));
      HttpResponse<String> created =
          send(
              authorized(service.resolve("/v1/videos"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)));
      if (created.statusCode() != 201) {
        throw new IllegalStateException("create answered " + created.statusCode() + ": " + body);
      }
      ids.add(json.readTree(created.body()).get("id").asText());
    }
    return ids;
  }

  /** Waits until every job is completed with its video stored; returns their final JSON. */
  private List<JsonNode> awaitStored(List<String> ids) throws IOException, InterruptedException {
    Map<String, JsonNode> waiting = new LinkedHashMap<>();
    ids.forEach(id -> waiting.put(id, null));
    List<JsonNode> done = new ArrayList<>();
    long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
    while (!waiting.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(waiting.size() + " jobs did not settle in time");
      }
      for (String id : List.copyOf(waiting.keySet())) {
        JsonNode job = json.readTree(send(authorized(service.resolve("/v1/videos/" + id))).body());
        String status = job.get("status").asText();
        if ("failed".equals(status) || "canceled".equals(status)) {
          throw new IllegalStateException("a job ended " + status + ": " + job);
        }
        if ("completed".equals(status) && !job.get("content").isNull()) {
          waiting.remove(id);
          done.add(job);
        }
      }
      Thread.sleep(500);
    }
    return done;
  }

  private void report(List<JsonNode> jobs, SandboxStats stats) {
    List<Long> toCompleted = new ArrayList<>();
    List<Long> toStored = new ArrayList<>();
    long reads = 0;
    long withoutCallback = 0;
    for (JsonNode job : jobs) {
      String requestId = job.get("gateway_request_id").asText();
      reads += stats.statusReadsFor(requestId);
      Optional<Instant> called = stats.firstWebhookSentAt(requestId);
      if (called.isEmpty()) {
        withoutCallback++;
        continue;
      }
      Instant completed = Instant.parse(job.get("completed_at").asText());
      Instant stored = Instant.parse(job.get("updated_at").asText());
      toCompleted.add(Duration.between(called.get(), completed).toMillis());
      toStored.add(Duration.between(called.get(), stored).toMillis());
    }
    System.out.printf(
        "jobs: %d settled; status reads per job %.2f; %d without a callback; %s%n",
        jobs.size(), (double) reads / jobs.size(), withoutCallback, stats);
    System.out.println("callback sent -> completed (ms): " + summary(toCompleted));
    System.out.println("callback sent -> video stored (ms): " + summary(toStored));
  }

  /** p50, p95, p99 and max of {@code millis}; negative values (clock steps) stay visible. */
  private static String summary(List<Long> millis) {
    if (millis.isEmpty()) {
      return "none";
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return String.format(
        "p50 %d, p95 %d, p99 %d, max %d (min %d, n %d)",
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        sorted.get(sorted.size() - 1),
        sorted.get(0),
        sorted.size());
  }

  private static long percentile(List<Long> sorted, double share) {
    int index = (int) Math.ceil(share * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + CLIENT_KEY);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
