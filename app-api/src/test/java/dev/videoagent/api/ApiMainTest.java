package dev.videoagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.api.config.ConfigSource;
import dev.videoagent.api.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Configuration errors: one sentence naming the variable, exit code 2. */
class ApiMainTest {
  private Path home;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void home() throws Exception {
    home = Files.createTempDirectory("videoagent-main");
  }

  @AfterEach
  void clean() {
    TestService.deleteQuietly(home);
  }

  @Test
  void aMissingGatewayKeyIsExit2() {
    int code = run(Map.of(Settings.VIDEOAGENT_HOME, home.toString()));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("PIXAZO_API_KEY is not set").doesNotContain("Exception");
  }

  @Test
  void aBadPortIsExit2() {
    int code =
        run(
            Map.of(
                Settings.VIDEOAGENT_HOME, home.toString(),
                Settings.VIDEOAGENT_SANDBOX, "true",
                Settings.VIDEOAGENT_PORT, "eighty"));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("VIDEOAGENT_PORT").doesNotContain("Exception");
  }

  @Test
  void aPortInUseIsExit2AndNamesTheVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int code =
          run(
              Map.of(
                  Settings.VIDEOAGENT_HOME, home.toString(),
                  Settings.VIDEOAGENT_SANDBOX, "true",
                  Settings.VIDEOAGENT_PORT, Integer.toString(taken.getLocalPort())));
      assertThat(code).isEqualTo(2);
      assertThat(stderr())
          .startsWith("VIDEOAGENT_PORT is " + taken.getLocalPort())
          .contains("already in use");
    }
  }

  @Test
  void aMalformedDatabaseUrlIsExit2() {
    int code =
        run(
            Map.of(
                Settings.VIDEOAGENT_HOME, home.toString(),
                Settings.VIDEOAGENT_SANDBOX, "true",
                Settings.VIDEOAGENT_DB, "jdbc:mysql://localhost/videos"));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("VIDEOAGENT_DB");
  }

  private int run(Map<String, String> env) {
    return ApiMain.run(
        ConfigSource.of(env), home, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }
}
