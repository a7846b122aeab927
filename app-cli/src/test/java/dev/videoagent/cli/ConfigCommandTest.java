package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.assembly.config.Forms;
import dev.videoagent.assembly.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
  private static final List<String> NAMES = Setting.all().stream().map(Setting::variable).toList();

  @TempDir Path temp;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(temp);
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  private void configFile(String content) throws Exception {
    Files.createDirectories(cli.home);
    Files.writeString(cli.home.resolve("config.properties"), content);
  }

  /** The FROM and VALUE columns of one setting in {@code config show}. */
  private static Optional<String[]> row(CliHarness.Result result, String name) {
    return result
        .out()
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .findFirst()
        .map(line -> line.substring(name.length()).strip().split("\\s+", 2));
  }

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception {
    configFile("PIXAZO_API_KEY=file-key-123456\nPIXAZO_BASE_URL=https://file.example.com\n");
    cli.env.put(Setting.PIXAZO_BASE_URL.variable(), "https://env.example.com");

    CliHarness.Result flag = cli.run("config", "show", "--base-url", "https://flag.example.com");
    assertThat(flag.exitCode()).as(flag.toString()).isZero();
    assertThat(row(flag, "PIXAZO_BASE_URL"))
        .get()
        .isEqualTo(new String[] {"flag", "https://flag.example.com"});

    assertThat(row(cli.run("config", "show"), "PIXAZO_BASE_URL"))
        .get()
        .isEqualTo(new String[] {"env", "https://env.example.com"});

    cli.env.remove(Setting.PIXAZO_BASE_URL.variable());
    CliHarness.Result file = cli.run("config", "show");
    assertThat(row(file, "PIXAZO_BASE_URL"))
        .get()
        .isEqualTo(new String[] {"file", "https://file.example.com"});
    assertThat(row(file, "PIXAZO_API_KEY")).get().isEqualTo(new String[] {"file", "****"});
    assertThat(row(file, "VIDEOAGENT_MAX_IN_FLIGHT"))
        .get()
        .isEqualTo(new String[] {"default", "10"});
    assertThat(row(file, "VIDEOAGENT_HOME"))
        .get()
        .isEqualTo(new String[] {"env", cli.home.toString()});
    assertThat(row(file, "VIDEOAGENT_DB"))
        .get()
        .isEqualTo(new String[] {"default", "jdbc:sqlite:" + cli.home.resolve("videoagent.db")});
    assertThat(file.out())
        .startsWith("Configuration file: " + cli.home.resolve("config.properties") + "\n");
  }

  @Test
  void everySettingIsShownWithItsEffectiveValue() {
    CliHarness.Result result = cli.run("config", "show", "--sandbox");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    for (String name : NAMES) {
      assertThat(row(result, name)).as(name).isPresent();
      assertThat(row(result, name).get()[1]).as(name).isNotEqualTo("(default)");
    }
    assertThat(row(result, "VIDEOAGENT_JOB_DEADLINE"))
        .get()
        .isEqualTo(new String[] {"default", "2h"});
  }

  @Test
  void everySettingIsAFlagOfTheCommandsThatReadIt() {
    Map<Setting<?>, String> values = new LinkedHashMap<>();
    values.put(Setting.PIXAZO_API_KEY, "flag-key-0123456789");
    values.put(Setting.PIXAZO_BASE_URL, "https://flag.example.com");
    values.put(Setting.VIDEOAGENT_HOME, cli.home.resolve("flagged").toString());
    values.put(Setting.VIDEOAGENT_DB, "jdbc:sqlite:" + cli.home.resolve("flag.db"));
    values.put(Setting.VIDEOAGENT_DB_POOL_SIZE, "4");
    values.put(Setting.VIDEOAGENT_PUBLIC_URL, "https://videos.example.com");
    values.put(Setting.VIDEOAGENT_MAX_IN_FLIGHT, "3");
    values.put(Setting.VIDEOAGENT_JOB_DEADLINE, "90m");
    values.put(Setting.VIDEOAGENT_GATEWAY_CONCURRENCY, "2");
    values.put(Setting.VIDEOAGENT_GATEWAY_RATE, "2.5");
    values.put(Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES, "1000");
    values.put(Setting.VIDEOAGENT_GATEWAY_TIMEOUT, "45s");
    values.put(Setting.VIDEOAGENT_CLAIM_LEASE, "4m");
    values.put(Setting.VIDEOAGENT_LOG_LEVEL, "DEBUG");
    values.put(Setting.VIDEOAGENT_STORE, "s3://team-videos/prod");
    values.put(Setting.AWS_ENDPOINT_URL_S3, "http://127.0.0.1:9000");
    values.put(Setting.AWS_ENDPOINT_URL, "https://aws.example.com");
    values.put(Setting.AWS_REGION, "eu-west-1");
    values.put(Setting.AWS_ACCESS_KEY_ID, "AKIAEXAMPLE0123");
    values.put(Setting.AWS_SECRET_ACCESS_KEY, "secret-0123456789");
    values.put(Setting.AWS_SESSION_TOKEN, "token-0123456789");
    values.put(Setting.VIDEOAGENT_S3_PATH_STYLE, "false");
    values.put(Setting.VIDEOAGENT_TENANT_DAILY_LIMIT, "100");
    values.put(Setting.VIDEOAGENT_DAILY_LIMIT, "1000");
    values.put(Setting.VIDEOAGENT_PRICE_PER_VIDEO, "0.25");
    for (Setting<?> setting : Setting.all()) {
      String flag = setting.flag().orElseThrow(() -> new AssertionError(setting + " has no flag"));
      if (setting.scope() == Setting.Scope.SERVICE) {
        assertThat(cli.run("serve", "--help").out()).as(flag).contains(flag);
        assertThat(cli.run("config", "show", flag, "1").exitCode()).as(flag).isEqualTo(2);
        continue;
      }
      // Switches are given alone (--sandbox, --allow-private-callbacks); the rest take a value.
      boolean isSwitch =
          setting == Setting.VIDEOAGENT_SANDBOX
              || setting == Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS;
      CliHarness.Result result =
          setting == Setting.VIDEOAGENT_SANDBOX
              ? cli.run("config", "show", flag)
              : isSwitch
                  ? cli.run("config", "show", "--sandbox", flag)
                  : cli.run("config", "show", "--sandbox", flag, values.get(setting));
      assertThat(result.exitCode()).as(flag + "\n" + result).isZero();
      String shown =
          isSwitch
              ? "true"
              : setting.secret() && setting != Setting.VIDEOAGENT_DB
                  ? ConfigCommand.Show.MASK
                  : values.get(setting);
      assertThat(row(result, setting.variable()))
          .as(flag)
          .get()
          .isEqualTo(new String[] {"flag", shown});
    }
  }

  @Test
  void everyValueShownIsAcceptedBackByTheSameSetting() {
    assertRoundTrip(Map.of());
    // Values that are not whole hours or minutes, and a rate that is not a whole number.
    assertRoundTrip(
        Map.of(
            Setting.VIDEOAGENT_JOB_DEADLINE.variable(), "PT1H30M",
            Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable(), "1500ms",
            Setting.VIDEOAGENT_CLAIM_LEASE.variable(), "PT5M30.25S",
            Setting.VIDEOAGENT_GATEWAY_RATE.variable(), "2.5",
            Setting.VIDEOAGENT_PUBLIC_URL.variable(), "https://videos.example.com",
            Setting.VIDEOAGENT_PORT.variable(), "0"));
    assertThat(Forms.writeDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Forms.writeDuration(Duration.ofDays(2))).isEqualTo("2d");
    assertThat(Forms.writeDuration(Duration.ofSeconds(61))).isEqualTo("61s");
    assertThat(Forms.writeDuration(Duration.ofNanos(1_500))).isEqualTo("PT0.0000015S");
  }

  /**
   * Sets {@code given}, reads every value {@code config show} prints, sets each as it was printed,
   * and expects the same table: every printed value is one the setting accepts, meaning the same.
   */
  private void assertRoundTrip(Map<String, String> given) {
    cli.env.keySet().retainAll(Set.of(Setting.VIDEOAGENT_HOME.variable()));
    cli.env.putAll(given);
    CliHarness.Result first = cli.run("config", "show", "--sandbox");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Map<String, String> shown = new LinkedHashMap<>();
    for (String name : NAMES) {
      String value = row(first, name).orElseThrow()[1];
      boolean placeholder = value.equals("(not set)") || value.contains(ConfigCommand.Show.MASK);
      if (!placeholder) {
        shown.put(name, value);
      }
    }
    assertThat(shown)
        .as("settings printed as values")
        .containsKeys(
            Setting.VIDEOAGENT_JOB_DEADLINE.variable(),
            Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable(),
            Setting.VIDEOAGENT_CLAIM_LEASE.variable(),
            Setting.VIDEOAGENT_GATEWAY_RATE.variable(),
            Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES.variable());

    for (Map.Entry<String, String> setting : shown.entrySet()) {
      cli.env.keySet().retainAll(Set.of(Setting.VIDEOAGENT_HOME.variable()));
      cli.env.putAll(given);
      cli.env.put(setting.getKey(), setting.getValue());
      CliHarness.Result again = cli.run("config", "show", "--sandbox");
      assertThat(again.exitCode())
          .as(setting.getKey() + "=" + setting.getValue() + "\n" + again)
          .isZero();
      assertThat(row(again, setting.getKey()).orElseThrow()[1])
          .as(setting.getKey())
          .isEqualTo(setting.getValue());
    }
  }

  @Test
  void secretsAreMaskedWhereverTheyComeFrom() throws Exception {
    configFile("VIDEOAGENT_API_KEYS=acme:client-key-0123456789abcdef\n");
    cli.env.put(
        Setting.VIDEOAGENT_DB.variable(),
        "jdbc:postgresql://db:5432/va?user=va&password=hunter2secret");

    CliHarness.Result result = cli.run("config", "show", "--api-key", "flag-secret-key-42");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(row(result, "PIXAZO_API_KEY")).get().isEqualTo(new String[] {"flag", "****"});
    assertThat(row(result, "VIDEOAGENT_API_KEYS"))
        .get()
        .isEqualTo(new String[] {"file", "acme:****"});
    assertThat(row(result, "VIDEOAGENT_DB").get()[1]).contains("password=****");
    assertThat(result.out() + result.err())
        .doesNotContain("flag-secret-key-42")
        .doesNotContain("client-key-0123456789abcdef")
        .doesNotContain("hunter2secret");
  }

  @Test
  void anInvalidConfigurationIsShownAndThenNamed() throws Exception {
    configFile(
        "VIDEOAGENT_HOME=/somewhere/else\nPIXAZO_BASE_URL=https://file.example.com\nPIXAZO_BASEURL=typo\n");

    CliHarness.Result result = cli.run("config", "show");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(row(result, "PIXAZO_API_KEY"))
        .get()
        .isEqualTo(new String[] {"default", "(not set)"});
    assertThat(row(result, "PIXAZO_BASE_URL"))
        .get()
        .isEqualTo(new String[] {"file", "https://file.example.com"});
    assertThat(result.err())
        .contains(
            "Ignored in "
                + cli.home.resolve("config.properties")
                + ": PIXAZO_BASEURL, VIDEOAGENT_HOME")
        .endsWith(
            "PIXAZO_API_KEY is not set: set it to your Pixazo subscription key, or use --sandbox"
                + " (VIDEOAGENT_SANDBOX=true) to try videoagent without one.\n");

    CliHarness.Result badNumber = cli.run("config", "show", "--sandbox");
    assertThat(badNumber.exitCode()).isZero();
    cli.env.put(Setting.VIDEOAGENT_MAX_IN_FLIGHT.variable(), "lots");
    CliHarness.Result invalid = cli.run("config", "show", "--sandbox");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains("VIDEOAGENT_MAX_IN_FLIGHT must be a whole number");
    assertThat(row(invalid, "VIDEOAGENT_MAX_IN_FLIGHT"))
        .get()
        .isEqualTo(new String[] {"env", "lots"});
  }

  @Test
  void theConfigFileDrivesRealCommandsAndTheEnvironmentOverridesIt() throws Exception {
    configFile("VIDEOAGENT_SANDBOX=true\n");

    CliHarness.Result fromFile = cli.run("generate", "Configured by file", "--wait", "--json");
    assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();

    cli.env.put(Setting.VIDEOAGENT_SANDBOX.variable(), "false");
    CliHarness.Result envWins = cli.run("generate", "Env says no sandbox");
    assertThat(envWins.exitCode()).isEqualTo(2);
    assertThat(envWins.err()).startsWith("PIXAZO_API_KEY is not set");

    CliHarness.Result flagWins = cli.run("generate", "Flag says sandbox", "--sandbox", "--json");
    assertThat(flagWins.exitCode()).isZero();
  }

  @Test
  void theHomeFlagChoosesWhichConfigFileIsRead() throws Exception {
    Path other = temp.resolve("other-home");
    Files.createDirectories(other);
    Files.writeString(
        other.resolve("config.properties"), "PIXAZO_BASE_URL=https://other.example.com\n");

    CliHarness.Result result = cli.run("--home", other.toString(), "config", "show");

    assertThat(row(result, "VIDEOAGENT_HOME"))
        .get()
        .isEqualTo(new String[] {"flag", other.toString()});
    assertThat(row(result, "PIXAZO_BASE_URL"))
        .get()
        .isEqualTo(new String[] {"file", "https://other.example.com"});
  }
}
