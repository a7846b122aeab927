package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.adapters.http.sandbox.SandboxStats.SubmitOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused key is an expected fault: it surfaces as a {@link GatewayKeyRejectedException} to the
 * caller, as one log line without a stack trace from the tracker, and the job is kept for later.
 */
@Timeout(30)
class GatewayKeyTest {
  @TempDir Path home;

  @Test
  void aRefusedKeySurfacesClearlyAndTheJobWaitsUnbilled() throws Exception {
    try (SandboxGateway sandbox =
            SandboxGateway.start(
                SandboxConfig.defaults().withCompletionDelay(TestAgents.SANDBOX_DELAY));
        LogCapture logs = new LogCapture();
        VideoAgent agent =
            TestAgents.fast(VideoAgent.builder())
                .baseUrl(sandbox.baseUrl())
                .apiKey("not-the-sandbox-key")
                .home(home)
                .build()) {
      Video job = agent.submit("Sent with a wrong key");

      assertThatThrownBy(() -> agent.await(job.id(), Duration.ofSeconds(5)))
          .isInstanceOf(GatewayKeyRejectedException.class)
          .hasMessageContaining("PIXAZO_API_KEY")
          .hasMessageNotContaining("not-the-sandbox-key");

      agent.start();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> sandbox.stats().submitCalls(SubmitOutcome.UNAUTHORIZED) >= 2);
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(
              () ->
                  logs.events().stream()
                      .anyMatch(e -> e.getFormattedMessage().contains("refused the subscription")));

      assertThat(sandbox.stats().acceptedSubmissions()).isZero();
      Video kept = agent.get(job.id()).orElseThrow();
      assertThat(kept.status()).isEqualTo(VideoStatus.PENDING);
      assertThat(kept.error()).isNull();
      assertThat(logs.events())
          .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
      assertThat(
              logs.events().stream()
                  .map(ILoggingEvent::getFormattedMessage)
                  .filter(m -> m.contains("refused the subscription")))
          .as("a lasting fault is logged once, not once per try")
          .hasSize(1);
    }
  }
}
