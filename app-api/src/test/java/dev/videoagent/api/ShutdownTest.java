package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxStats;
import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.JobPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Closing the service while a submission is in flight, and starting it again on the same data. */
class ShutdownTest {

  @Test
  void aSubmissionInFlightIsLetFinishWithinTheGracePeriod() throws Exception {
    Path home = Files.createTempDirectory("videoagent-shutdown");
    String prompt = "Slow but answered";
    TestService first =
        TestService.builder()
            .home(home)
            .faults(SandboxFaults.none().withSlowAnswers(1.0, Duration.ofMillis(1500)))
            .start();
    String id = first.create(KEY_A, prompt).path("id").asText();
    SandboxStats stats = first.sandbox().stats();
    await().atMost(Duration.ofSeconds(10)).until(() -> stats.acceptedSubmissions() == 1);

    long started = System.nanoTime();
    first.service.close(Duration.ofSeconds(10));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isLessThan(Duration.ofSeconds(10));

    try (TestService second = TestService.builder().home(home).start()) {
      JsonNode job = second.job(KEY_A, id);
      // The gateway's answer arrived during the grace period and was recorded.
      assertThat(job.path("status").asText()).isEqualTo("queued");
      assertThat(job.path("gateway_request_id").asText()).startsWith("heygen-video-agent_");
      assertThat(stats.acceptedSubmissionsFor(prompt)).isEqualTo(1);
      assertThat(second.sandbox().stats().submitCalls()).isZero();
    }
  }

  @Test
  void aSubmissionStillInFlightAfterTheGraceIsNeverSentTwice() throws Exception {
    Path home = Files.createTempDirectory("videoagent-shutdown");
    String prompt = "Slower than the grace period";
    TestService first =
        TestService.builder()
            .home(home)
            .faults(SandboxFaults.none().withSlowAnswers(1.0, Duration.ofSeconds(30)))
            .start();
    String id = first.create(KEY_A, prompt).path("id").asText();
    SandboxStats stats = first.sandbox().stats();
    await().atMost(Duration.ofSeconds(10)).until(() -> stats.acceptedSubmissions() == 1);

    long started = System.nanoTime();
    first.service.close(Duration.ofMillis(500));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    // The grace, then at most two seconds for interrupted calls to record what they know.
    assertThat(took)
        .isLessThan(Duration.ofMillis(500).plus(TrackerReporting.INTERRUPT_WAIT).plusSeconds(2));

    try (TestService second = TestService.builder().home(home).start()) {
      // Billed or not, nobody knows: the next start marks it so instead of sending it again.
      JsonNode job = second.awaitJob(KEY_A, id, j -> j.path("status").asText().equals("failed"));
      assertThat(job.path("error").path("code").asText()).isEqualTo("submission_unknown");
      assertThat(job.path("error").path("message").asText()).contains("/retry");
      assertThat(stats.acceptedSubmissionsFor(prompt)).isEqualTo(1);
      assertThat(second.sandbox().stats().submitCalls()).isZero();
    }
  }

  @Test
  void aJobLeftMidSubmissionByADeadProcessIsResolvedAtTheNextStart() throws Exception {
    Path home = Files.createTempDirectory("videoagent-shutdown");
    String prompt = "Sent by a process that then died";
    String id;
    // What a process killed during the submit call leaves behind: the attempt mark, no answer.
    try (Database database =
        Database.open("jdbc:sqlite:" + home.resolve("videoagent.db").toAbsolutePath())) {
      Clock clock = Clock.systemUTC();
      VideoJob job =
          new CreateJob(
                  database.jobs(), new TimeOrderedIdGenerator(clock), clock, JobPolicy.defaults())
              .create(TestService.TENANT_A, VideoRequest.of(prompt), null)
              .job();
      Instant past = clock.instant().minusSeconds(600);
      database.jobs().update(job.submissionStarted(past, past)).orElseThrow();
      id = job.id();
    }

    try (TestService next = TestService.builder().home(home).start()) {
      JsonNode resolved = next.awaitJob(KEY_A, id, j -> j.path("status").asText().equals("failed"));
      assertThat(resolved.path("error").path("code").asText()).isEqualTo("submission_unknown");
      assertThat(next.sandbox().stats().acceptedSubmissionsFor(prompt)).isZero();
    }
  }
}
