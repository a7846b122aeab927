package dev.videoagent.adapters.http.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.PixazoGatewayConfig;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.SubmitResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

  @Test
  void printsTheBaseUrlFirstAndServesOnIt() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    try (SandboxGateway sandbox =
        SandboxMain.start(
            new String[] {"0"}, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      String firstLine = printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
      assertThat(URI.create(firstLine)).isEqualTo(sandbox.baseUrl());
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("PIXAZO_API_KEY=sandbox");

      FeignVideoGateway client =
          FeignVideoGateway.create(PixazoGatewayConfig.of(URI.create(firstLine), "sandbox"));
      assertThat(client.submit(new GatewaySubmission(VideoRequest.of("hello"), null)))
          .isInstanceOf(SubmitResult.Accepted.class);
    }
  }

  @Test
  void refusesAPortThatIsNotOne() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SandboxMain.start(new String[] {"eighty"}, quiet))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> SandboxMain.start(new String[] {"70000"}, quiet))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SandboxMain.start(new String[] {"1", "2"}, quiet))
        .hasMessageContaining("Usage");
  }

  @Test
  void theFaultFlagsSetTheCallbackAndCreditFaults() {
    SandboxFaults faults =
        SandboxMain.config(
                new String[] {
                  "0", "--ambiguous-rate", "1", "--ambiguous-without-callback", "--out-of-credit"
                })
            .faults();
    assertThat(faults.ambiguousRate()).isEqualTo(1.0);
    assertThat(faults.ambiguousWithoutCallback()).isTrue();
    assertThat(faults.outOfCredit()).isTrue();
    assertThat(SandboxMain.config(new String[0]).faults()).isEqualTo(SandboxFaults.none());
    assertThatThrownBy(() -> SandboxMain.config(new String[] {"--ambiguous-rate", "2"}))
        .hasMessageContaining("ambiguousRate");
    assertThatThrownBy(() -> SandboxMain.config(new String[] {"--loud"}))
        .hasMessageContaining("Usage");
  }
}
