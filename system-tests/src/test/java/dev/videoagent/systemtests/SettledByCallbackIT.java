package dev.videoagent.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.adapters.http.sandbox.SandboxStats.SubmitOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Ambiguous submissions settled by the gateway's callback, with the service as users run it: the
 * sandbox takes (and bills) submits but answers some of them {@code 500}, and calls back when each
 * job ends. Every job the gateway took completes with exactly one submission and no retry by the
 * user, across SIGKILLs during submits; a job a kill caught before its request reached the gateway
 * (nothing can tell us of it) ends {@code submission_unknown}, never resubmitted. With the
 * callbacks lost, the ambiguous ones end {@code submission_unknown} as before. 60 jobs, past the
 * in-flight cap of 10.
 *
 * <p>The two tests run side by side: each has its own sandbox, service process and folder (a test
 * instance per method), and both spend most of their time waiting for callbacks and deadlines.
 *
 * <p>Not every submit is ambiguous: a gateway that answers nearly every call with 500 opens the
 * circuit breaker, which then holds submissions back for 30 s at a time (safe, but slow for a
 * test).
 */
class SettledByCallbackIT {
  private static final int JOBS = 60;

  /** The service's default {@code VIDEOAGENT_MAX_IN_FLIGHT}: submissions under way at once. */
  private static final int IN_FLIGHT_CAP = 10;

  private static final String GATEWAY_KEY = "sk-settle-test-gateway-key-2b7e";
  private static final String CLIENT_KEY = "settle-test-client-key-0123456789";

  @TempDir Path home;

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void everyAmbiguousSubmissionIsSettledByItsCallbackAcrossKillsAndBilledOnce() throws Exception {
    SandboxFaults faults =
        SandboxFaults.none()
            .withAmbiguousRate(0.4)
            .withSlowAnswers(0.3, Duration.ofMillis(800))
            .withSeed(11);
    try (SandboxGateway sandbox = SandboxGateway.start(sandbox(faults));
        ServiceProcess service = service(sandbox, "settled", "2m")) {
      ApiClient api = new ApiClient(service::url, CLIENT_KEY);
      service.start();
      Random random = new Random(20261202L);
      int kills = 0;
      for (int i = 0; i < JOBS; i++) {
        String prompt = "settle test video " + i;
        api.createSurvivingRestarts(
            prompt, "settle-" + Integer.toHexString(prompt.hashCode()), service);
        if (i % 20 == 19 && kills < 2) {
          // Mid-wave, while submits are under way.
          Thread.sleep(200 + random.nextInt(600));
          service.kill();
          kills++;
          service.start();
        }
      }

      List<JsonNode> jobs = api.awaitAllSettled(JOBS, Duration.ofMinutes(3));

      long settled = 0;
      long neverReceived = 0;
      for (JsonNode job : jobs) {
        String prompt = job.get("prompt").asText();
        long accepted = sandbox.stats().acceptedSubmissionsFor(prompt);
        String about =
            String.format(
                "%s%naccepted by the sandbox: %d; %s%nservice log:%n%s",
                job,
                accepted,
                sandbox.stats(),
                logLinesAbout(home.resolve("settled.log"), job.get("id").asText()));
        assertThat(job.get("attempt").asInt()).as(about).isEqualTo(1);
        assertThat(accepted).as(about).isLessThanOrEqualTo(1);
        if (accepted == 1) {
          // The gateway took it: whatever the answer, and whichever process died, it completes.
          assertThat(job.get("status").asText()).as(about).isEqualTo("completed");
        } else {
          // A kill after the attempt mark but before the request reached the gateway: nobody
          // will call back and the gateway cannot be asked, so it ends as the contract says,
          // submission_unknown at the end of its window, never sent a second time.
          assertThat(job.get("status").asText()).as(about).isEqualTo("failed");
          assertThat(job.get("error").get("code").asText())
              .as(about)
              .isEqualTo("submission_unknown");
          neverReceived++;
        }
        settled += job.get("settled_by_callback").asBoolean() ? 1 : 0;
      }
      long ambiguous = sandbox.stats().submitCalls(SubmitOutcome.ACCEPTED_BUT_ANSWERED_500);
      assertThat(ambiguous).isPositive();
      // Every 500 was settled by its callback; so was every job a kill caught mid-call.
      assertThat(settled).isGreaterThanOrEqualTo(ambiguous);
      assertThat(sandbox.stats().acceptedSubmissions()).isEqualTo(JOBS - neverReceived);
      // Only the few calls a kill catches between mark and send: at most the jobs in flight.
      assertThat(neverReceived).isLessThanOrEqualTo((long) kills * IN_FLIGHT_CAP);
      assertThat(kills).isEqualTo(2);
      System.out.printf(
          "settled by callback: %d jobs, %d kills, %d answered 500, %d settled by callback,"
              + " %d accepted submissions, %d never received (submission_unknown)%n",
          jobs.size(),
          kills,
          ambiguous,
          settled,
          sandbox.stats().acceptedSubmissions(),
          neverReceived);
    }
  }

  /**
   * The ambiguous rate is lower here and the deadline longer than the wait for a callback needs:
   * with nobody settling the 500s, a run of them opens the circuit breaker, which holds every call
   * back for 30 s at a time. A job the breaker held past its deadline is {@code timed_out} and was
   * never sent; that is the one other ending allowed, and it must have cost nothing.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void withTheCallbacksLostTheAmbiguousOnesEndSubmissionUnknown() throws Exception {
    SandboxFaults faults =
        SandboxFaults.none().withAmbiguousRate(0.25).withAmbiguousWithoutCallback(true).withSeed(5);
    try (SandboxGateway sandbox = SandboxGateway.start(sandbox(faults));
        ServiceProcess service = service(sandbox, "lost", "75s")) {
      ApiClient api = new ApiClient(service::url, CLIENT_KEY);
      service.start();
      for (int i = 0; i < JOBS; i++) {
        api.create("lost callback video " + i, "lost-" + i);
      }

      List<JsonNode> jobs = api.awaitAllSettled(JOBS, Duration.ofMinutes(3));

      long unknown = 0;
      long neverSent = 0;
      for (JsonNode job : jobs) {
        long accepted = sandbox.stats().acceptedSubmissionsFor(job.get("prompt").asText());
        String ending =
            job.get("status").asText()
                + (job.get("error").isNull() ? "" : "/" + job.get("error").get("code").asText());
        assertThat(job.get("settled_by_callback").asBoolean()).as(job.toString()).isFalse();
        switch (ending) {
          case "completed" -> assertThat(accepted).as(job.toString()).isEqualTo(1);
          case "failed/submission_unknown" -> {
            assertThat(accepted).as(job.toString()).isEqualTo(1);
            unknown++;
          }
          case "failed/timed_out" -> {
            assertThat(accepted).as("a timed-out job was never sent: %s", job).isZero();
            assertThat(job.get("error").get("message").asText()).contains("Nothing was billed");
            neverSent++;
          }
          default -> throw new AssertionError("unexpected ending " + ending + ": " + job);
        }
      }
      assertThat(unknown)
          .as("every submit answered 500 ends submission_unknown, and only those")
          .isEqualTo(sandbox.stats().submitCalls(SubmitOutcome.ACCEPTED_BUT_ANSWERED_500))
          .isPositive();
      assertThat(neverSent).as("held back past the deadline by the breaker").isLessThan(JOBS / 2);
      System.out.printf(
          "callbacks lost: %d jobs, %d submission_unknown, %d timed out unsent, %s%n",
          jobs.size(), unknown, neverSent, sandbox.stats());
    }
  }

  private static String logLinesAbout(Path log, String jobId) throws IOException {
    try (var lines = Files.lines(log)) {
      return String.join("\n", lines.filter(line -> line.contains(jobId)).toList());
    }
  }

  private static SandboxConfig sandbox(SandboxFaults faults) {
    return SandboxConfig.defaults()
        .withApiKey(GATEWAY_KEY)
        .withCompletionDelay(Duration.ofSeconds(1))
        // A callback that finds the service down is tried again for about two minutes.
        .withWebhookRetries(9, Duration.ofMillis(500))
        .withFaults(faults);
  }

  private ServiceProcess service(SandboxGateway sandbox, String name, String deadline)
      throws IOException {
    int port = ServiceProcess.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("PIXAZO_API_KEY", GATEWAY_KEY);
    env.put("PIXAZO_BASE_URL", sandbox.baseUrl().toString());
    env.put("VIDEOAGENT_HOME", home.resolve(name).toString());
    env.put("VIDEOAGENT_API_KEYS", "settle:" + CLIENT_KEY);
    env.put("VIDEOAGENT_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("VIDEOAGENT_GATEWAY_TIMEOUT", "3s");
    env.put("VIDEOAGENT_CLAIM_LEASE", "6s");
    env.put("VIDEOAGENT_GATEWAY_RATE", "200");
    env.put("VIDEOAGENT_JOB_DEADLINE", deadline);
    env.put("VIDEOAGENT_LOG_LEVEL", "DEBUG");
    return new ServiceProcess(env, home.resolve(name + ".log"), port);
  }
}
