package dev.videoagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Setting;
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
    int code = run(Map.of(Setting.VIDEOAGENT_HOME.variable(), home.toString()));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("PIXAZO_API_KEY is not set").doesNotContain("Exception");
  }

  @Test
  void aBadPortIsExit2() {
    int code =
        run(
            Map.of(
                Setting.VIDEOAGENT_HOME.variable(), home.toString(),
                Setting.VIDEOAGENT_SANDBOX.variable(), "true",
                Setting.VIDEOAGENT_PORT.variable(), "eighty"));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("VIDEOAGENT_PORT").doesNotContain("Exception");
  }

  @Test
  void theConfigFileIsReadAndTheEnvironmentBeatsIt() throws Exception {
    Files.writeString(
        home.resolve("config.properties"), "VIDEOAGENT_SANDBOX=true\nVIDEOAGENT_PORT=eighty\n");
    int fromFile = run(Map.of(Setting.VIDEOAGENT_HOME.variable(), home.toString()));
    assertThat(fromFile).isEqualTo(2);
    assertThat(stderr())
        .isEqualTo("VIDEOAGENT_PORT must be a whole number from 0 to 65535.")
        .doesNotContain("PIXAZO_API_KEY");

    err.reset();
    int fromEnvironment =
        run(
            Map.of(
                Setting.VIDEOAGENT_HOME.variable(),
                home.toString(),
                Setting.VIDEOAGENT_PORT.variable(),
                "99999"));
    assertThat(fromEnvironment).isEqualTo(2);
    assertThat(stderr()).isEqualTo("VIDEOAGENT_PORT must be a whole number from 0 to 65535.");
  }

  @Test
  void aPortInUseIsExit2AndNamesTheVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int code =
          run(
              Map.of(
                  Setting.VIDEOAGENT_HOME.variable(), home.toString(),
                  Setting.VIDEOAGENT_SANDBOX.variable(), "true",
                  Setting.VIDEOAGENT_PORT.variable(), Integer.toString(taken.getLocalPort())));
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
                Setting.VIDEOAGENT_HOME.variable(), home.toString(),
                Setting.VIDEOAGENT_SANDBOX.variable(), "true",
                Setting.VIDEOAGENT_DB.variable(), "jdbc:mysql://localhost/videos"));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("VIDEOAGENT_DB");
  }

  @Test
  void aKeyGivenToAnotherTenantThanTheDatabaseHoldsItForIsExit2AndTheKeyIsNotShown() {
    String key = "shared-key-0123456789abcdef";
    Map<String, String> first =
        Map.of(
            Setting.VIDEOAGENT_HOME.variable(),
            home.toString(),
            Setting.VIDEOAGENT_SANDBOX.variable(),
            "true",
            Setting.VIDEOAGENT_PORT.variable(),
            "0",
            Setting.VIDEOAGENT_API_KEYS.variable(),
            "acme:" + key);
    Configuration configuration = Configuration.ofEnvironment(first, home);
    ApiService.start(configuration.settings(), configuration.serviceSettings()).close();

    int code =
        run(
            Map.of(
                Setting.VIDEOAGENT_HOME.variable(),
                home.toString(),
                Setting.VIDEOAGENT_SANDBOX.variable(),
                "true",
                Setting.VIDEOAGENT_PORT.variable(),
                "0",
                Setting.VIDEOAGENT_API_KEYS.variable(),
                "beta:" + key));

    assertThat(code).isEqualTo(2);
    assertThat(stderr())
        .startsWith("VIDEOAGENT_API_KEYS gives tenant beta a key")
        .contains("tenant acme")
        .doesNotContain(key)
        .doesNotContain("Exception")
        .doesNotContain("\n");
  }

  @Test
  void oneKeyForTwoTenantsInTheSettingIsExit2() {
    String key = "shared-key-0123456789abcdef";
    int code =
        run(
            Map.of(
                Setting.VIDEOAGENT_HOME.variable(),
                home.toString(),
                Setting.VIDEOAGENT_SANDBOX.variable(),
                "true",
                Setting.VIDEOAGENT_API_KEYS.variable(),
                "acme:" + key + ",beta:" + key));
    assertThat(code).isEqualTo(2);
    assertThat(stderr())
        .startsWith("VIDEOAGENT_API_KEYS gives one key to two tenants (acme and beta)")
        .doesNotContain(key);
  }

  @Test
  void aMalformedHostIsExit2() {
    int code =
        run(
            Map.of(
                Setting.VIDEOAGENT_HOME.variable(), home.toString(),
                Setting.VIDEOAGENT_SANDBOX.variable(), "true",
                Setting.VIDEOAGENT_HOST.variable(), "not a host!"));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("VIDEOAGENT_HOST must be").doesNotContain("Exception");
  }

  @Test
  void aHostThatIsNotAnAddressOfThisMachineIsExit2NamingTheVariable() {
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine has it.
    int code =
        run(
            Map.of(
                Setting.VIDEOAGENT_HOME.variable(), home.toString(),
                Setting.VIDEOAGENT_SANDBOX.variable(), "true",
                Setting.VIDEOAGENT_PORT.variable(), "0",
                Setting.VIDEOAGENT_HOST.variable(), "192.0.2.1"));
    assertThat(code).isEqualTo(2);
    assertThat(stderr())
        .startsWith("VIDEOAGENT_HOST is 192.0.2.1, but the service cannot listen there")
        .doesNotContain("Exception");
  }

  private int run(Map<String, String> env) {
    return ApiMain.run(env, home, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }
}
