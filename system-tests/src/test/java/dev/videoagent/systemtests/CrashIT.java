package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise users pay for: kill the service with SIGKILL at random moments while it submits,
 * polls and downloads, start it again, and at the end every job is terminal, none was accepted by
 * the gateway twice, and every stored video matches its checksum.
 */
class CrashIT {
  private static final int JOBS = 60;
  private static final int KILLS = 3;
  private static final String GATEWAY_KEY = "sk-crash-test-gateway-key-6f1d0c9e";
  private static final String CLIENT_KEY = "crash-test-client-key-0123456789";

  @TempDir Path home;

  @Test
  void killedThreeTimesTheServiceLosesNoJobAndBillsNoneTwice() throws Exception {
    Random random = new Random(20261126L);
    SandboxConfig config =
        SandboxConfig.defaults()
            .withApiKey(GATEWAY_KEY)
            .withCompletionDelay(Duration.ofSeconds(2))
            // Slow answers make kills land while calls are under way, where it hurts.
            .withFaults(
                SandboxFaults.none().withSlowAnswers(0.5, Duration.ofMillis(1200)).withSeed(7));
    Path log = home.resolve("service.log");
    try (SandboxGateway sandbox = SandboxGateway.start(config)) {
      int port = ServiceProcess.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("PIXAZO_API_KEY", GATEWAY_KEY);
      env.put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
      env.put("VIDEOAGENT_HOME", home.resolve("data").toString());
      env.put("VIDEOAGENT_API_KEYS", "crash:" + CLIENT_KEY);
      env.put("VIDEOAGENT_GATEWAY_TIMEOUT", "3s");
      env.put("VIDEOAGENT_CLAIM_LEASE", "6s");
      env.put("VIDEOAGENT_GATEWAY_RATE", "200");
      env.put("VIDEOAGENT_MAX_IN_FLIGHT", "20");
      try (ServiceProcess service = new ServiceProcess(env, log, port)) {
        ApiClient api = new ApiClient(service::url, CLIENT_KEY);
        service.start();

        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          prompts.add("crash test video number " + i);
        }
        int kills = 0;
        int next = 0;
        int perWave = JOBS / (KILLS + 1);
        while (next < JOBS) {
          int waveEnd = Math.min(JOBS, next + perWave);
          for (; next < waveEnd; next++) {
            String prompt = prompts.get(next);
            api.createSurvivingRestarts(
                prompt, "crash-" + sha256(prompt.getBytes()).substring(0, 32), service);
          }
          if (kills < KILLS) {
            Thread.sleep(100 + random.nextInt(800));
            service.kill();
            kills++;
            service.start();
          }
        }

        List<JsonNode> jobs = api.awaitAllSettled(JOBS, Duration.ofMinutes(3));

        Map<String, Integer> byOutcome = new HashMap<>();
        for (JsonNode job : jobs) {
          String outcome =
              job.get("status").asText()
                  + (job.get("error").isNull() ? "" : "/" + job.get("error").get("code").asText());
          byOutcome.merge(outcome, 1, Integer::sum);
          String prompt = job.get("prompt").asText();
          assertThat(sandbox.stats().acceptedSubmissionsFor(prompt))
              .as("accepted submissions of %s", prompt)
              .isLessThanOrEqualTo(1);
          assertThat(job.get("status").asText()).isIn("completed", "failed");
          if (job.get("status").asText().equals("completed")) {
            byte[] bytes = api.content(job.get("id").asText());
            assertThat(sha256(bytes)).isEqualTo(job.get("content").get("sha256").asText());
            assertThat((long) bytes.length).isEqualTo(job.get("content").get("bytes").asLong());
            assertThat(bytes).isEqualTo(sandbox.sampleClip());
          } else {
            // The only way a job may fail here: a kill between sending it and recording the answer.
            assertThat(job.get("error").get("code").asText()).isEqualTo("submission_unknown");
          }
        }
        assertThat(jobs).hasSize(JOBS);
        assertThat(kills).isEqualTo(KILLS);
        assertThat(Files.readString(log)).doesNotContain(GATEWAY_KEY).doesNotContain(CLIENT_KEY);
        System.out.printf(
            "crash test: %d jobs, %d kills, outcomes %s, accepted submissions %d (max per job %d)%n",
            jobs.size(),
            kills,
            byOutcome,
            sandbox.stats().acceptedSubmissions(),
            prompts.stream()
                .mapToLong(p -> sandbox.stats().acceptedSubmissionsFor(p))
                .max()
                .orElse(0));
      }
    }
  }

  /**
   * Creates on SQLite are committed in groups: killed in the middle of a burst of concurrent
   * creates, the service must still have every create it answered with a {@code 201}, since a
   * caller is answered only after the commit that holds its create.
   */
  @Test
  void killedInABurstOfCreatesTheServiceKeepsEveryCreateItAcknowledged() throws Exception {
    int clients = 48;
    try (SandboxGateway sandbox =
        SandboxGateway.start(
            SandboxConfig.defaults()
                .withApiKey(GATEWAY_KEY)
                .withCompletionDelay(Duration.ofMinutes(10)))) {
      Map<String, String> env = new HashMap<>();
      env.put("PIXAZO_API_KEY", GATEWAY_KEY);
      env.put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
      env.put("VIDEOAGENT_HOME", home.resolve("burst").toString());
      env.put("VIDEOAGENT_API_KEYS", "crash:" + CLIENT_KEY);
      try (ServiceProcess service =
          new ServiceProcess(env, home.resolve("burst.log"), ServiceProcess.freePort())) {
        ApiClient api = new ApiClient(service::url, CLIENT_KEY);
        service.start();
        ObjectMapper json = new ObjectMapper();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean killing = new AtomicBoolean();
        List<String> failedBeforeTheKill = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
          List<Future<?>> running = new ArrayList<>();
          for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(
                pool.submit(
                    () -> {
                      for (int n = 0; ; n++) {
                        String prompt = "burst video " + client + "-" + n;
                        HttpResponse<String> answer;
                        try {
                          answer = api.createAnswer(prompt, "burst-" + client + "-" + n);
                        } catch (IOException e) {
                          if (!killing.get()) {
                            failedBeforeTheKill.add(prompt + ": " + e);
                          }
                          return null;
                        }
                        if (answer.statusCode() == 201 || answer.statusCode() == 200) {
                          acknowledged.put(json.readTree(answer.body()).get("id").asText(), prompt);
                        } else if (!killing.get()) {
                          failedBeforeTheKill.add(prompt + ": " + answer.statusCode());
                        }
                      }
                    }));
          }
          // Killed while every client has a create under way.
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (acknowledged.size() < 1_500 && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          killing.set(true);
          service.kill();
          for (Future<?> each : running) {
            each.get(30, TimeUnit.SECONDS);
          }
        } finally {
          pool.shutdownNow();
        }

        service.start();
        for (Map.Entry<String, String> each : acknowledged.entrySet()) {
          JsonNode job = api.get(each.getKey());
          assertThat(job.path("id").asText())
              .as("acknowledged %s", each.getKey())
              .isEqualTo(each.getKey());
          assertThat(job.get("prompt").asText()).isEqualTo(each.getValue());
        }
        assertThat(failedBeforeTheKill).isEmpty();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1_500);
        System.out.printf(
            "burst crash test: %d creates acknowledged before the kill, all found after it%n",
            acknowledged.size());
      }
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
