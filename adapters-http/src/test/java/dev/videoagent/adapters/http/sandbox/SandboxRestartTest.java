package dev.videoagent.adapters.http.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.PixazoGatewayConfig;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A job taken by one sandbox (one CLI command) is answered for by the next one. */
class SandboxRestartTest {
  private static final SandboxConfig QUICK =
      SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300));

  private static FeignVideoGateway client(SandboxGateway sandbox) {
    return FeignVideoGateway.create(PixazoGatewayConfig.of(sandbox.baseUrl(), sandbox.apiKey()));
  }

  @Test
  void aLaterSandboxKnowsAnEarlierSandboxsJobsFromTheirIds() throws Exception {
    String done;
    String failing;
    try (SandboxGateway first = SandboxGateway.start(QUICK)) {
      done =
          ((SubmitResult.Accepted)
                  client(first).submit(new GatewaySubmission(VideoRequest.of("kept"), null)))
              .requestId();
      failing =
          ((SubmitResult.Accepted)
                  client(first)
                      .submit(new GatewaySubmission(VideoRequest.of("this one [fail]s"), null)))
              .requestId();
    }
    Thread.sleep(400);
    try (SandboxGateway second = SandboxGateway.start(QUICK)) {
      assertThat(client(second).readStatus(done)).isInstanceOf(StatusResult.Completed.class);
      assertThat(client(second).readStatus(failing)).isInstanceOf(StatusResult.Failed.class);
      assertThat(client(second).readStatus("heygen-video-agent_not-a-uuid"))
          .isInstanceOf(StatusResult.Unreadable.class);
      assertThat(second.stats().acceptedSubmissions()).isZero();
    }
  }

  @Test
  void aFreshJobFromAnEarlierSandboxIsStillRunning() throws Exception {
    String id;
    try (SandboxGateway first = SandboxGateway.start(SandboxConfig.defaults())) {
      id =
          ((SubmitResult.Accepted)
                  client(first).submit(new GatewaySubmission(VideoRequest.of("slow"), null)))
              .requestId();
    }
    try (SandboxGateway second = SandboxGateway.start(SandboxConfig.defaults())) {
      assertThat(client(second).readStatus(id)).isInstanceOf(StatusResult.Running.class);
    }
  }
}
