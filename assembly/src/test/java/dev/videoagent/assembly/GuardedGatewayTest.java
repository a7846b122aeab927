package dev.videoagent.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.testing.ScriptedGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedGatewayTest {
  private final ScriptedGateway inner = new ScriptedGateway();
  private final List<String> observed = new ArrayList<>();
  private final GuardedGateway guarded =
      new GuardedGateway(
          inner,
          GuardedGateway.breaker(Duration.ofMillis(300)),
          (operation, outcome) -> observed.add(operation + ":" + outcome));
  private final GatewaySubmission submission = new GatewaySubmission(VideoRequest.of("demo"), null);

  private void failSubmits(int times) {
    for (int i = 0; i < times; i++) {
      inner.thenSubmit(new SubmitResult.NotTaken(GatewayTrouble.UNAVAILABLE, "503", null));
      guarded.submit(submission);
    }
  }

  @Test
  void anOutageOpensTheBreakerAndCallsStopWithoutBillingAnything() {
    failSubmits(10);
    assertThat(guarded.isDegraded()).isTrue();
    assertThat(guarded.state()).isEqualTo("open");

    SubmitResult held = guarded.submit(submission);
    StatusResult read = guarded.readStatus("r1");

    assertThat(inner.submissions()).hasSize(10);
    assertThat(inner.statusReads()).isEmpty();
    assertThat(held)
        .isInstanceOfSatisfying(
            SubmitResult.NotTaken.class,
            n -> {
              assertThat(n.trouble()).isEqualTo(GatewayTrouble.UNAVAILABLE);
              assertThat(n.retryAfter()).isEqualTo(Duration.ofMillis(300));
            });
    assertThat(read).isInstanceOf(StatusResult.Unreadable.class);
    assertThat(observed).contains("submit:short_circuited", "status:short_circuited");
  }

  @Test
  void afterThePauseTrialCallsCloseItAgain() throws Exception {
    failSubmits(10);
    Thread.sleep(350);
    for (int i = 0; i < 3; i++) {
      assertThat(guarded.submit(submission)).isInstanceOf(SubmitResult.Accepted.class);
    }
    assertThat(guarded.state()).isEqualTo("closed");
    assertThat(guarded.isDegraded()).isFalse();
  }

  @Test
  void rateLimitingIsNotAnOutage() {
    for (int i = 0; i < 30; i++) {
      inner.thenSubmit(
          new SubmitResult.NotTaken(GatewayTrouble.RATE_LIMITED, "429", Duration.ofSeconds(5)));
      guarded.submit(submission);
    }
    assertThat(guarded.state()).isEqualTo("closed");
    assertThat(inner.submissions()).hasSize(30);
  }

  @Test
  void aRefusedKeyPassesThroughAndCountsForNothing() {
    for (int i = 0; i < 15; i++) {
      inner.thenSubmitThrows(new GatewayAuthenticationException("check PIXAZO_API_KEY"));
      assertThatThrownBy(() -> guarded.submit(submission))
          .isInstanceOf(GatewayAuthenticationException.class);
    }
    assertThat(guarded.state()).isEqualTo("closed");
    assertThat(observed).containsOnly("submit:unauthorized");
  }

  @Test
  void everyCallIsObservedWithItsOutcome() {
    inner.thenSubmit(new SubmitResult.Ambiguous("502"));
    guarded.submit(submission);
    guarded.submit(submission);
    inner.thenCompleted("https://cdn.example.com/x.mp4");
    guarded.readStatus("r1");
    guarded.readStatus("r2");
    assertThat(observed)
        .containsExactly(
            "submit:ambiguous", "submit:accepted", "status:completed", "status:running");
  }
}
