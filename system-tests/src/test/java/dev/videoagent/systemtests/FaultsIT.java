package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway misbehaving in every way the sandbox can: jobs complete, none is billed twice. */
class FaultsIT {
  private static final SandboxConfig FAST =
      SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(600));
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path home;

  @Test
  void aStormOf429And503DelaysJobsButEveryOneCompletesAndIsBilledOnce() throws Exception {
    SandboxConfig config =
        FAST.withFaults(
            SandboxFaults.none().withRateLimit(0.4, 1).withUnavailableRate(0.2).withSeed(1));
    try (InProcessService service = new InProcessService(home, config, Duration.ofSeconds(1))) {
      List<String> ids = createMany(service, "storm", 20);
      List<JsonNode> jobs = awaitSettled(service, ids, Duration.ofMinutes(2));
      SandboxGateway sandbox = service.sandbox();
      for (JsonNode job : jobs) {
        assertThat(job.get("status").asText()).isEqualTo("completed");
        assertThat(job.get("content").isNull()).isFalse();
        assertThat(sandbox.stats().acceptedSubmissionsFor(job.get("prompt").asText())).isEqualTo(1);
      }
    }
  }

  @Test
  void anAmbiguous500IsSubmissionUnknownAcceptedOnceAndAnExplicitRetryCompletesIt()
      throws Exception {
    SandboxConfig config = FAST.withFaults(SandboxFaults.none().withAmbiguousRate(1.0).withSeed(2));
    try (InProcessService service = new InProcessService(home, config, Duration.ofSeconds(1))) {
      String id = service.api.create("ambiguous one", "amb-1").get("id").asText();
      JsonNode failed = awaitSettled(service, List.of(id), Duration.ofSeconds(30)).get(0);

      assertThat(failed.get("status").asText()).isEqualTo("failed");
      assertThat(failed.get("error").get("code").asText()).isEqualTo("submission_unknown");
      assertThat(failed.get("error").get("message").asText())
          .contains("billed")
          .contains("/v1/videos/" + id + "/retry")
          .contains("videoagent retry " + id);
      assertThat(service.sandbox().stats().acceptedSubmissionsFor("ambiguous one")).isEqualTo(1);
      Thread.sleep(1_500);
      assertThat(service.sandbox().stats().acceptedSubmissionsFor("ambiguous one"))
          .as("never resubmitted by itself")
          .isEqualTo(1);

      service.sandbox().setFaults(SandboxFaults.none());
      HttpResponse<String> retry = service.api.send("POST", "/v1/videos/" + id + "/retry", null);
      assertThat(retry.statusCode()).isEqualTo(200);
      JsonNode done = awaitSettled(service, List.of(id), Duration.ofSeconds(30)).get(0);
      assertThat(done.get("status").asText()).isEqualTo("completed");
      assertThat(done.get("attempt").asInt()).isEqualTo(2);
      assertThat(service.sandbox().stats().acceptedSubmissionsFor("ambiguous one")).isEqualTo(2);
    }
  }

  @Test
  void badStatusReadsSlowAnswersAndExpiredLinksStillEndInStoredVideos() throws Exception {
    SandboxConfig config =
        FAST.withFaults(
            SandboxFaults.none()
                .withStatusFailureRate(0.3)
                .withSlowAnswers(0.2, Duration.ofMillis(300))
                .withMediaExpiredFirstFetches(1)
                .withSeed(3));
    try (InProcessService service = new InProcessService(home, config, Duration.ofSeconds(1))) {
      List<String> ids = createMany(service, "bumpy", 15);
      List<JsonNode> jobs = awaitSettled(service, ids, Duration.ofMinutes(2));
      for (JsonNode job : jobs) {
        assertThat(job.get("status").asText()).isEqualTo("completed");
        assertThat(job.get("content").get("sha256").asText()).hasSize(64);
        assertThat(service.sandbox().stats().acceptedSubmissionsFor(job.get("prompt").asText()))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void aGatewayOutageOpensTheBreakerJobsWaitAndAllCompleteWhenItReturns() throws Exception {
    try (InProcessService service = new InProcessService(home, FAST, Duration.ofSeconds(2))) {
      service.sandbox().setFaults(SandboxFaults.none().withDown(true));
      List<String> ids = createMany(service, "outage", 12);

      awaitTrue(() -> healthStatus(service).equals("degraded"), Duration.ofSeconds(30));
      JsonNode health = health(service);
      assertThat(health.get("gateway").get("breaker").asText()).isIn("open", "half_open");
      long callsWhileOpen = service.sandbox().stats().submitCalls();
      Thread.sleep(1_000);
      assertThat(service.sandbox().stats().submitCalls() - callsWhileOpen)
          .as("an open breaker keeps calls away")
          .isLessThanOrEqualTo(3);
      for (String id : ids) {
        assertThat(service.api.get(id).get("status").asText()).isEqualTo("pending");
      }

      service.sandbox().setFaults(SandboxFaults.none());
      List<JsonNode> jobs = awaitSettled(service, ids, Duration.ofMinutes(2));
      assertThat(jobs).allSatisfy(j -> assertThat(j.get("status").asText()).isEqualTo("completed"));
      assertThat(health(service).get("status").asText()).isEqualTo("ok");
      for (JsonNode job : jobs) {
        assertThat(service.sandbox().stats().acceptedSubmissionsFor(job.get("prompt").asText()))
            .isEqualTo(1);
      }
      String metrics = service.api.send("GET", "/metrics", null).body();
      assertThat(metrics).contains("videoagent_gateway_calls_total").contains("short_circuited");
    }
  }

  private String healthStatus(InProcessService service) {
    try {
      return health(service).get("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode health(InProcessService service) throws Exception {
    return json.readTree(service.api.send("GET", "/health", null).body());
  }

  private static List<String> createMany(InProcessService service, String prefix, int count)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(service.api.create(prefix + " video " + i, prefix + "-" + i).get("id").asText());
    }
    return ids;
  }

  private static List<JsonNode> awaitSettled(
      InProcessService service, List<String> ids, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<JsonNode> jobs = new ArrayList<>();
      boolean settled = true;
      for (String id : ids) {
        JsonNode job = service.api.get(id);
        jobs.add(job);
        String status = job.get("status").asText();
        settled &=
            status.equals("failed")
                || status.equals("canceled")
                || (status.equals("completed") && !job.get("content").isNull());
      }
      if (settled) {
        return jobs;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not settled within " + within + ": " + jobs);
      }
      Thread.sleep(200);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + within);
      }
      Thread.sleep(100);
    }
  }
}
