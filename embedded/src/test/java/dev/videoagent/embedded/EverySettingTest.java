package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every setting, from every source that has it: its default, a valid value read the same way from a
 * flag, the environment, the config file and the library's builder, and an invalid one refused with
 * the same one sentence by each. Kept with the library because its builder is a source; the flags
 * are given as the command line hands them over, by the variable they stand for.
 */
class EverySettingTest {
  @TempDir Path temp;
  private int homes;

  /**
   * One setting's row.
   *
   * @param byDefault the default as the setting writes it back, or null when there is none
   * @param valid a valid value as given
   * @param readBack that value as the setting writes it back
   * @param invalid a value the setting refuses
   * @param message the sentence every source gives for it
   * @param builderValid the builder call that gives the same value, or null when the builder has no
   *     such setting
   * @param builderInvalid the builder call that gives the invalid value, or null where the typed
   *     call cannot express it
   */
  record Row(
      Setting<?> setting,
      String byDefault,
      String valid,
      String readBack,
      String invalid,
      String message,
      Consumer<VideoAgent.Builder> builderValid,
      Consumer<VideoAgent.Builder> builderInvalid) {}

  private List<Row> table() {
    Path home = temp.resolve("home");
    return List.of(
        new Row(
            Setting.PIXAZO_API_KEY,
            null,
            "key-0123456789",
            "key-0123456789",
            "two words",
            "PIXAZO_API_KEY must be the Pixazo subscription key alone, without spaces or invisible"
                + " characters.",
            b -> b.apiKey("key-0123456789"),
            b -> b.apiKey("two words")),
        new Row(
            Setting.PIXAZO_BASE_URL,
            "https://gateway.pixazo.ai",
            "https://gw.example.com/",
            "https://gw.example.com",
            "ftp://gw.example.com",
            "PIXAZO_BASE_URL must be an absolute http(s) URL without user, query or fragment, such"
                + " as https://gateway.pixazo.ai.",
            b -> b.baseUrl("https://gw.example.com/"),
            b -> b.baseUrl("ftp://gw.example.com")),
        new Row(
            Setting.VIDEOAGENT_HOME,
            temp.resolve(".videoagent").toString(),
            home.toString(),
            home.toString(),
            "bad\u0000path",
            "VIDEOAGENT_HOME must be a usable folder path.",
            b -> b.home(home),
            null),
        new Row(
            Setting.VIDEOAGENT_DB,
            "jdbc:sqlite:" + temp.resolve(".videoagent").resolve("videoagent.db"),
            "jdbc:postgresql://db.example.com/videos",
            "jdbc:postgresql://db.example.com/videos",
            "jdbc:mysql://db.example.com/videos",
            "VIDEOAGENT_DB must be a jdbc:sqlite:… or jdbc:postgresql:… URL.",
            b -> b.database("jdbc:postgresql://db.example.com/videos"),
            b -> b.database("jdbc:mysql://db.example.com/videos")),
        new Row(
            Setting.VIDEOAGENT_DB_POOL_SIZE,
            "10",
            "24",
            "24",
            "0",
            "VIDEOAGENT_DB_POOL_SIZE must be a whole number from 1 to 1000.",
            b -> b.databasePoolSize(24),
            b -> b.databasePoolSize(0)),
        new Row(
            Setting.VIDEOAGENT_SANDBOX,
            "false",
            "TRUE",
            "true",
            "yes",
            "VIDEOAGENT_SANDBOX must be true or false.",
            VideoAgent.Builder::sandbox,
            null),
        new Row(
            Setting.VIDEOAGENT_HOST,
            "0.0.0.0",
            "[::1]",
            "::1",
            "not a host!",
            "VIDEOAGENT_HOST must be an IP address of this machine or a host name, such as 0.0.0.0"
                + " (every interface, the default) or 127.0.0.1 (this machine only).",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_PORT,
            "8080",
            "0",
            "0",
            "70000",
            "VIDEOAGENT_PORT must be a whole number from 0 to 65535.",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_PUBLIC_URL,
            null,
            "https://videos.example.com",
            "https://videos.example.com",
            "videos.example.com",
            "VIDEOAGENT_PUBLIC_URL must be an absolute http(s) URL without user, query or"
                + " fragment, such as https://videos.example.com.",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS,
            "false",
            "true",
            "true",
            "maybe",
            "VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS must be true or false.",
            b -> b.allowPrivateCallbacks(true),
            null),
        new Row(
            Setting.VIDEOAGENT_API_KEYS,
            "",
            "acme:acme-key-0123456789abcdef",
            "acme:acme-key-0123456789abcdef",
            "acme",
            "VIDEOAGENT_API_KEYS must look like tenant:key,tenant2:key2 (one entry is malformed).",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_MAX_IN_FLIGHT,
            "10",
            "3",
            "3",
            "0",
            "VIDEOAGENT_MAX_IN_FLIGHT must be a whole number from 1 to 1000.",
            b -> b.maxInFlight(3),
            b -> b.maxInFlight(0)),
        new Row(
            Setting.VIDEOAGENT_JOB_DEADLINE,
            "2h",
            "PT90M",
            "90m",
            "soon",
            "VIDEOAGENT_JOB_DEADLINE must be a positive duration such as 90m, 2h or PT2H.",
            b -> b.jobDeadline(Duration.ofMinutes(90)),
            b -> b.jobDeadline(Duration.ZERO)),
        new Row(
            Setting.VIDEOAGENT_GATEWAY_CONCURRENCY,
            "8",
            "2",
            "2",
            "lots",
            "VIDEOAGENT_GATEWAY_CONCURRENCY must be a whole number from 1 to 256.",
            b -> b.concurrency(2),
            b -> b.concurrency(257)),
        new Row(
            Setting.VIDEOAGENT_GATEWAY_RATE,
            "5",
            "2.50",
            "2.5",
            "0",
            "VIDEOAGENT_GATEWAY_RATE must be a number from 0.01 to 10000.",
            b -> b.callsPerSecond(2.5),
            b -> b.callsPerSecond(0)),
        new Row(
            Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES,
            "2147483648",
            "1000",
            "1000",
            "-1",
            "VIDEOAGENT_MAX_DOWNLOAD_BYTES must be a whole number from 1 to 9223372036854775807.",
            b -> b.maxDownloadBytes(1000),
            b -> b.maxDownloadBytes(-1)),
        new Row(
            Setting.VIDEOAGENT_GATEWAY_TIMEOUT,
            "1m",
            "45000ms",
            "45s",
            "0s",
            "VIDEOAGENT_GATEWAY_TIMEOUT must be a positive duration such as 90m, 2h or PT2H.",
            b -> b.gatewayTimeout(Duration.ofSeconds(45)),
            b -> b.gatewayTimeout(Duration.ZERO)),
        new Row(
            Setting.VIDEOAGENT_CLAIM_LEASE,
            "3m",
            "4m",
            "4m",
            "-1m",
            "VIDEOAGENT_CLAIM_LEASE must be a positive duration such as 90m, 2h or PT2H.",
            b -> b.claimLease(Duration.ofMinutes(4)),
            b -> b.claimLease(Duration.ofMinutes(-1))),
        new Row(
            Setting.VIDEOAGENT_LOG_LEVEL,
            null,
            "debug",
            "DEBUG",
            "loud",
            "VIDEOAGENT_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF.",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_STORE,
            "file:" + temp.resolve(".videoagent").resolve("videos"),
            "s3://team-videos/prod/eu/",
            "s3://team-videos/prod/eu",
            "ftp://team-videos",
            "VIDEOAGENT_STORE must be file:/a/folder or s3://bucket/prefix (the prefix is"
                + " optional).",
            b -> b.store("s3://team-videos/prod/eu/"),
            b -> b.store("ftp://team-videos")),
        new Row(
            Setting.AWS_ENDPOINT_URL_S3,
            null,
            "http://127.0.0.1:9000/",
            "http://127.0.0.1:9000",
            "minio:9000",
            "AWS_ENDPOINT_URL_S3 must be an absolute http(s) URL without user, query or fragment,"
                + " such as http://127.0.0.1:9000.",
            null,
            null),
        new Row(
            Setting.AWS_ENDPOINT_URL,
            null,
            "https://s3.example.com",
            "https://s3.example.com",
            "s3.example.com",
            "AWS_ENDPOINT_URL must be an absolute http(s) URL without user, query or fragment,"
                + " such as http://127.0.0.1:9000.",
            null,
            null),
        new Row(
            Setting.AWS_REGION,
            null,
            "eu-west-1",
            "eu-west-1",
            "EU West",
            "AWS_REGION must be a region name such as eu-west-1.",
            null,
            null),
        new Row(
            Setting.AWS_ACCESS_KEY_ID,
            null,
            "AKIAEXAMPLE0123",
            "AKIAEXAMPLE0123",
            "two words",
            "AWS_ACCESS_KEY_ID must be an access key id alone, without spaces.",
            null,
            null),
        new Row(
            Setting.AWS_SECRET_ACCESS_KEY,
            null,
            "secret/Example+0123",
            "secret/Example+0123",
            "two words",
            "AWS_SECRET_ACCESS_KEY must be a secret access key alone, without spaces.",
            null,
            null),
        new Row(
            Setting.AWS_SESSION_TOKEN,
            null,
            "token/Example+0123=",
            "token/Example+0123=",
            "two words",
            "AWS_SESSION_TOKEN must be a session token alone, without spaces.",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_S3_PATH_STYLE,
            null,
            "FALSE",
            "false",
            "yes",
            "VIDEOAGENT_S3_PATH_STYLE must be true or false.",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_CONTENT_REDIRECT,
            "false",
            "true",
            "true",
            "1",
            "VIDEOAGENT_CONTENT_REDIRECT must be true or false.",
            null,
            null),
        new Row(
            Setting.VIDEOAGENT_TENANT_DAILY_LIMIT,
            null,
            "500",
            "500",
            "-1",
            "VIDEOAGENT_TENANT_DAILY_LIMIT must be a whole number from 0 to 9223372036854775807.",
            b -> b.tenantDailyLimit(500),
            b -> b.tenantDailyLimit(-1)),
        new Row(
            Setting.VIDEOAGENT_DAILY_LIMIT,
            null,
            "0",
            "0",
            "many",
            "VIDEOAGENT_DAILY_LIMIT must be a whole number from 0 to 9223372036854775807.",
            b -> b.dailyLimit(0),
            b -> b.dailyLimit(-5)),
        new Row(
            Setting.VIDEOAGENT_PRICE_PER_VIDEO,
            null,
            "0.50",
            "0.50",
            "-0.5",
            "VIDEOAGENT_PRICE_PER_VIDEO must be a price such as 0.50 (a decimal number, 0 or more).",
            b -> b.pricePerVideo(new java.math.BigDecimal("0.50")),
            b -> b.pricePerVideo(new java.math.BigDecimal("-0.5"))));
  }

  @Test
  void theTableHasEverySettingOnce() {
    assertThat(table()).extracting(Row::setting).containsExactlyElementsOf(Setting.all());
  }

  @Test
  void everySettingHasItsDefaultAValidValueAndAnInvalidOneThroughEverySource() {
    SoftAssertions softly = new SoftAssertions();
    for (Row row : table()) {
      String name = row.setting().variable();
      // The setting's sentence, or a more precise one where there are several ways to be wrong.
      softly
          .assertThat(row.message())
          .as(name + " sentence")
          .startsWith(row.setting().sentence().replaceAll("\\.$", ""));

      softly
          .assertThat(written(row.setting(), configuration(Map.of(), Map.of(), Map.of())))
          .as(name + " default")
          .isEqualTo(Optional.ofNullable(row.byDefault()));

      Map<String, String> given = Map.of(name, row.valid());
      softly
          .assertThat(written(row.setting(), configuration(given, Map.of(), Map.of())))
          .as(name + " from a flag")
          .contains(row.readBack());
      softly
          .assertThat(written(row.setting(), configuration(Map.of(), given, Map.of())))
          .as(name + " from the environment")
          .contains(row.readBack());
      Map<String, String> bad = Map.of(name, row.invalid());
      softly
          .assertThatThrownBy(() -> written(row.setting(), configuration(bad, Map.of(), Map.of())))
          .as(name + " invalid as a flag")
          .isInstanceOf(ConfigException.class)
          .hasMessage(row.message());
      softly
          .assertThatThrownBy(() -> written(row.setting(), configuration(Map.of(), bad, Map.of())))
          .as(name + " invalid in the environment")
          .isInstanceOf(ConfigException.class)
          .hasMessage(row.message());

      if (row.setting() == Setting.VIDEOAGENT_HOME) {
        // The file is in the home, so the home cannot come from the file.
        Configuration fromFile = configuration(Map.of(), Map.of(), given);
        softly.assertThat(fromFile.ignoredFileKeys()).as(name + " in the file").contains(name);
      } else {
        softly
            .assertThat(written(row.setting(), configuration(Map.of(), Map.of(), given)))
            .as(name + " from the file")
            .contains(row.readBack());
        softly
            .assertThatThrownBy(
                () -> written(row.setting(), configuration(Map.of(), Map.of(), bad)))
            .as(name + " invalid in the file")
            .isInstanceOf(ConfigException.class)
            .hasMessage(row.message());
      }

      if (row.builderValid() != null) {
        VideoAgent.Builder builder = VideoAgent.builder().apiKey("key-for-the-table");
        row.builderValid().accept(builder);
        softly
            .assertThat(written(row.setting(), builder.settings().settings()))
            .as(name + " from the builder")
            .contains(row.readBack());
        VideoAgent.Builder fromEnvironment =
            VideoAgent.builder().apiKey("key-for-the-table").fromEnvironment(given);
        softly
            .assertThat(written(row.setting(), fromEnvironment.settings().settings()))
            .as(name + " from the builder's fromEnvironment")
            .contains(row.readBack());
        softly
            .assertThatThrownBy(() -> VideoAgent.builder().fromEnvironment(bad))
            .as(name + " invalid in the builder's fromEnvironment")
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(row.message());
      }
      if (row.builderInvalid() != null) {
        softly
            .assertThatThrownBy(() -> row.builderInvalid().accept(VideoAgent.builder()))
            .as(name + " invalid in the builder")
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(row.message());
      }
    }
    softly.assertAll();
  }

  @Test
  void theBuildersDefaultsAreTheSettingsDefaults() {
    Settings library = VideoAgent.builder().apiKey("key-for-the-table").settings().settings();
    Settings everyoneElse =
        Configuration.ofEnvironment(
                Map.of(Setting.PIXAZO_API_KEY.variable(), "key-for-the-table"),
                Path.of(System.getProperty("user.home")))
            .settings();
    assertThat(library).isEqualTo(everyoneElse);
  }

  private Configuration configuration(
      Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
    Path home = temp.resolve("home-" + ++homes);
    writeFile(home, file);
    Map<String, String> environment =
        file.isEmpty()
            ? env
            : merged(env, Map.of(Setting.VIDEOAGENT_HOME.variable(), home.toString()));
    return Configuration.read(flags, environment, temp);
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new java.util.HashMap<>(a);
    all.putAll(b);
    return all;
  }

  private static void writeFile(Path home, Map<String, String> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(home);
      String text =
          entries.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
              .collect(Collectors.joining("\n"));
      Files.writeString(home.resolve(Configuration.FILE_NAME), text + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> written(Setting<?> setting, Configuration configuration) {
    return setting.scope() == Setting.Scope.SERVICE
        ? writtenService(setting, configuration)
        : written(setting, configuration.settings());
  }

  private static <T> Optional<String> written(Setting<T> setting, Settings settings) {
    return settings.get(setting).map(setting::write);
  }

  private static <T> Optional<String> writtenService(Setting<T> setting, Configuration config) {
    return config.serviceSettings().get(setting).map(setting::write);
  }
}
