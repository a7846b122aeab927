package dev.videoagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SandboxHintTest {
  @Test
  void theSandboxHintGivesTheConsoleAndTheKeyToSignInWith() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ApiService.printSandboxHint(out, "va_sandbox_key_123", URI.create("http://127.0.0.1:8080"));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("Open the web console and sign in with that key:\n  http://127.0.0.1:8080/\n")
        .contains("\n  va_sandbox_key_123\n")
        .contains("curl -H 'Authorization: Bearer va_sandbox_key_123'");
  }

  @Test
  void theConsoleIsAtTheServicesRoot() {
    assertThat(ApiService.consoleUrl(URI.create("http://[::1]:9000")))
        .hasToString("http://[::1]:9000/");
  }
}
