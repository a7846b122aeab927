package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand jobs created at once through the API of the service as users run it (its own JVM),
 * with the default in-flight cap (10) and batch (100), the gateway's webhook on, and a restart
 * midway: every job completes with its video stored, each is accepted by the gateway exactly once,
 * no more than 10 are ever at the gateway, and a job costs no more status reads than in a run of
 * ten. This is the load that used to wedge the tracker (pending jobs filled its batch and starved
 * the queued ones behind them).
 */
class LoadIT {
  private static final int JOBS = 1_000;
  private static final int BASELINE_JOBS = 10;
  private static final int CAP = 10;
  private static final String CLIENT_KEY = "load-test-client-key-0123456789";

  /**
   * Short jobs, and webhooks retried long enough (0.5 s doubling, 8 tries: a minute) to outlast the
   * restart, as the real gateway's would.
   */
  private static final SandboxConfig SANDBOX =
      SandboxConfig.defaults()
          .withCompletionDelay(Duration.ofMillis(400))
          .withWebhookRetries(8, Duration.ofMillis(500));

  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path home;

  /** What one run measured. */
  private record Run(
      int jobs,
      Duration drain,
      double readsPerJob,
      int peakInFlight,
      double worstLagSeconds,
      long worstQueueDepth,
      List<String> healthSeen) {}

  @Test
  void aThousandJobsCreatedAtOnceAllCompleteWithinTheCapAlsoAcrossARestart() throws Exception {
    Run baseline = run("baseline", BASELINE_JOBS, false);
    Run load = run("load", JOBS, true);

    System.out.printf(
        "load test: %d jobs (restarted midway) drained in %.1f s, %.2f status reads per job"
            + " (%d jobs: %.2f, %.1f s); peak at the gateway %d of %d; worst lag %.1f s; worst"
            + " queue depth %d%n",
        load.jobs(),
        load.drain().toMillis() / 1000.0,
        load.readsPerJob(),
        baseline.jobs(),
        baseline.readsPerJob(),
        baseline.drain().toMillis() / 1000.0,
        load.peakInFlight(),
        CAP,
        load.worstLagSeconds(),
        load.worstQueueDepth());
    // Load costs no extra reads. The restart may: a read in flight when the service stopped, or
    // a callback that found it down, is made again after it, at most once for each job that was
    // at the gateway then (the cap).
    double restartAllowance = (double) CAP / load.jobs();
    assertThat(load.readsPerJob()).isLessThanOrEqualTo(baseline.readsPerJob() + restartAllowance);
    assertThat(load.healthSeen()).containsOnly("ok");
    assertThat(load.worstQueueDepth()).as("the jobs did wait for slots").isGreaterThan(CAP);
  }

  private Run run(String name, int count, boolean restartMidway) throws Exception {
    Path folder = Files.createDirectories(home.resolve(name));
    try (SandboxGateway sandbox = SandboxGateway.start(SANDBOX)) {
      int port = ServiceProcess.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("PIXAZO_API_KEY", sandbox.apiKey());
      env.put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
      env.put("VIDEOAGENT_HOME", folder.resolve("data").toString());
      env.put("VIDEOAGENT_API_KEYS", "load:" + CLIENT_KEY);
      env.put("VIDEOAGENT_PUBLIC_URL", "http://127.0.0.1:" + port);
      env.put("VIDEOAGENT_GATEWAY_RATE", "100");
      try (ServiceProcess service = new ServiceProcess(env, folder.resolve("service.log"), port)) {
        ApiClient api = new ApiClient(service::url, CLIENT_KEY);
        service.start();

        long started = System.nanoTime();
        List<String> prompts = createAtOnce(api, name, count);
        List<String> healthSeen = new ArrayList<>();
        double worstLag = 0;
        long worstQueue = 0;
        boolean restarted = !restartMidway;
        long deadline = started + Duration.ofMinutes(3).toNanos();
        while (sandbox.stats().mediaDownloads() < count) {
          assertThat(System.nanoTime())
              .as("%s: %d of %d stored; %s", name, sandbox.stats().mediaDownloads(), count, sandbox)
              .isLessThan(deadline);
          if (!restarted && sandbox.stats().mediaDownloads() >= count / 2) {
            service.close(); // SIGTERM, then wait for the process to end
            service.start();
            restarted = true;
            continue;
          }
          JsonNode health = health(api);
          healthSeen.add(health.path("status").asText());
          worstLag = Math.max(worstLag, health.path("tracker").path("lag_seconds").asDouble());
          worstQueue = Math.max(worstQueue, health.path("tracker").path("queue_depth").asLong());
          Thread.sleep(500);
        }
        List<JsonNode> jobs = awaitAllStored(api, count, deadline);
        Duration drain = Duration.ofNanos(System.nanoTime() - started);

        assertThat(jobs).hasSize(count);
        assertThat(restarted).isTrue();
        for (String prompt : prompts) {
          assertThat(sandbox.stats().acceptedSubmissionsFor(prompt))
              .as("accepted submissions of %s", prompt)
              .isEqualTo(1);
        }
        assertThat(sandbox.stats().peakConcurrentJobs()).isBetween(1, CAP);
        assertThat(sandbox.stats().mediaDownloads()).isEqualTo(count);
        return new Run(
            count,
            drain,
            (double) sandbox.stats().statusReads() / count,
            sandbox.stats().peakConcurrentJobs(),
            worstLag,
            worstQueue,
            healthSeen);
      }
    }
  }

  /** Every job created in a burst from many client threads, as a busy front end would. */
  private static List<String> createAtOnce(ApiClient api, String name, int count) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      List<String> prompts = new ArrayList<>();
      List<Future<JsonNode>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String prompt = name + " video number " + i;
        prompts.add(prompt);
        String key = name + "-" + i;
        created.add(clients.submit(() -> api.create(prompt, key)));
      }
      for (Future<JsonNode> job : created) {
        assertThat(job.get().get("status").asText()).isEqualTo("pending");
      }
      return prompts;
    } finally {
      clients.shutdownNow();
    }
  }

  private JsonNode health(ApiClient api) throws Exception {
    HttpResponse<String> response = api.send("GET", "/health", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static List<JsonNode> awaitAllStored(ApiClient api, int count, long deadline)
      throws Exception {
    while (true) {
      List<JsonNode> jobs = api.listAll();
      if (jobs.size() == count
          && jobs.stream()
              .allMatch(
                  j ->
                      j.get("status").asText().equals("completed") && !j.get("content").isNull())) {
        return jobs;
      }
      if (System.nanoTime() > deadline) {
        Map<String, Integer> statuses = new HashMap<>();
        jobs.forEach(j -> statuses.merge(j.get("status").asText(), 1, Integer::sum));
        throw new AssertionError("not all stored in time: " + statuses);
      }
      Thread.sleep(250);
    }
  }
}
