package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.assembly.config.Setting;
import dev.videoagent.core.TenantName;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings: defaults, the environment's names, and one clear sentence for each mistake. */
class BuilderTest {
  @TempDir Path home;

  @Test
  void withoutAKeyOrTheSandboxBuildingNamesTheMissingSetting() {
    assertThatThrownBy(() -> VideoAgent.builder().home(home).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PIXAZO_API_KEY")
        .hasMessageContaining("sandbox()");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void eachBadValueIsRefusedAtOnceWithTheSentenceTheServiceAndTheCommandLineShow() {
    VideoAgent.Builder builder = VideoAgent.builder();
    assertThatThrownBy(() -> builder.apiKey(" ")).hasMessage(Setting.PIXAZO_API_KEY.sentence());
    assertThatThrownBy(() -> builder.apiKey("two words"))
        .hasMessage(Setting.PIXAZO_API_KEY.sentence())
        .hasMessageContaining("spaces");
    assertThatThrownBy(() -> builder.apiKey(null)).hasMessage(Setting.PIXAZO_API_KEY.sentence());
    assertThatThrownBy(() -> builder.baseUrl("ftp://gateway.example"))
        .hasMessage(Setting.PIXAZO_BASE_URL.sentence());
    assertThatThrownBy(() -> builder.baseUrl(URI.create("https://user:pw@gateway.example")))
        .hasMessage(Setting.PIXAZO_BASE_URL.sentence());
    assertThatThrownBy(() -> builder.database("jdbc:mysql://db/videos"))
        .hasMessage(Setting.VIDEOAGENT_DB.sentence());
    assertThatThrownBy(() -> builder.concurrency(0))
        .hasMessage("VIDEOAGENT_GATEWAY_CONCURRENCY must be a whole number from 1 to 256.");
    assertThatThrownBy(() -> builder.callsPerSecond(0))
        .hasMessage("VIDEOAGENT_GATEWAY_RATE must be a number from 0.01 to 10000.");
    assertThatThrownBy(() -> builder.maxInFlight(1001))
        .hasMessage(Setting.VIDEOAGENT_MAX_IN_FLIGHT.sentence());
    assertThatThrownBy(() -> builder.jobDeadline(Duration.ZERO))
        .hasMessage(Setting.VIDEOAGENT_JOB_DEADLINE.sentence());
    assertThatThrownBy(() -> builder.gatewayTimeout(Duration.ofSeconds(-1)))
        .hasMessage(Setting.VIDEOAGENT_GATEWAY_TIMEOUT.sentence());
    assertThatThrownBy(() -> builder.claimLease(null))
        .hasMessage(Setting.VIDEOAGENT_CLAIM_LEASE.sentence());
    assertThatThrownBy(() -> builder.maxDownloadBytes(0))
        .hasMessage(Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES.sentence());
    assertThatThrownBy(() -> builder.polling(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageContaining("longest interval");
    assertThatThrownBy(() -> builder.tenant("no spaces please"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenant must be " + TenantName.RULE + ".");
    assertThatThrownBy(() -> builder.tenant(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sandbox(Duration.ofMillis(-1)))
        .hasMessageContaining("completionDelay");
  }

  @Test
  void aLeaseShorterThanTwiceTheGatewayTimeOutIsRefusedByBuildAsTheServiceRefusesIt() {
    assertThatThrownBy(
            () ->
                TestAgents.sandboxed(home)
                    .gatewayTimeout(Duration.ofSeconds(90))
                    .claimLease(Duration.ofMinutes(2))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "VIDEOAGENT_CLAIM_LEASE must be at least twice VIDEOAGENT_GATEWAY_TIMEOUT (90s).");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void aFileGivenAsHomeIsTheUncheckedIoExceptionBuildPromises() throws Exception {
    Path file = Files.writeString(home.resolve("not-a-folder"), "I am a file");
    assertThatThrownBy(() -> TestAgents.sandboxed(file).build())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("VIDEOAGENT_HOME")
        .hasMessageContaining("not a folder");
    assertThat(file).hasContent("I am a file");
  }

  @Test
  void aMalformedDatabaseUrlIsReportedByBuild() {
    assertThatThrownBy(
            () -> VideoAgent.builder().sandbox().database("jdbc:sqlite::memory:").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIDEOAGENT_DB");
  }

  @Test
  void theEnvironmentIsReadByTheContractsNamesAndBadValuesAreNamed() {
    Path envHome = home.resolve("from-env");
    try (VideoAgent agent =
        TestAgents.fast(VideoAgent.builder())
            .fromEnvironment(
                Map.of(
                    "VIDEOAGENT_SANDBOX", "true",
                    "VIDEOAGENT_HOME", envHome.toString(),
                    "VIDEOAGENT_JOB_DEADLINE", "90m",
                    "VIDEOAGENT_MAX_IN_FLIGHT", "3",
                    "VIDEOAGENT_GATEWAY_CONCURRENCY", "2",
                    "VIDEOAGENT_GATEWAY_RATE", "2.5",
                    "VIDEOAGENT_MAX_DOWNLOAD_BYTES", "10000000",
                    "PIXAZO_API_KEY", "   "))
            .build()) {
      Video job = agent.submit("Configured from the environment");
      assertThat(Duration.between(job.createdAt(), job.deadline()))
          .isEqualTo(Duration.ofMinutes(90));
      assertThat(envHome.resolve("videoagent.db")).exists();
      assertThat(agent.toString()).contains("tenant=local").contains(envHome.toString());
    }

    assertThatThrownBy(
            () -> VideoAgent.builder().fromEnvironment(Map.of("VIDEOAGENT_SANDBOX", "maybe")))
        .hasMessage("VIDEOAGENT_SANDBOX must be true or false.");
    // One rule for every caller: yes and 1 are not booleans here either.
    for (String notABoolean : new String[] {"yes", "1", "no", "0"}) {
      assertThatThrownBy(
              () -> VideoAgent.builder().fromEnvironment(Map.of("VIDEOAGENT_SANDBOX", notABoolean)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("VIDEOAGENT_SANDBOX must be true or false.");
    }
    assertThatThrownBy(
            () ->
                VideoAgent.builder()
                    .fromEnvironment(Map.of("PIXAZO_BASE_URL", "https://user:pw@gateway.example")))
        .hasMessage(Setting.PIXAZO_BASE_URL.sentence());
    assertThatThrownBy(
            () -> VideoAgent.builder().fromEnvironment(Map.of("VIDEOAGENT_MAX_IN_FLIGHT", "0")))
        .hasMessage(Setting.VIDEOAGENT_MAX_IN_FLIGHT.sentence());
    assertThatThrownBy(
            () -> VideoAgent.builder().fromEnvironment(Map.of("VIDEOAGENT_JOB_DEADLINE", "soon")))
        .hasMessageContaining("VIDEOAGENT_JOB_DEADLINE must be a positive duration");
    assertThatThrownBy(
            () ->
                VideoAgent.builder()
                    .fromEnvironment(Map.of("VIDEOAGENT_GATEWAY_CONCURRENCY", "lots")))
        .hasMessageContaining("VIDEOAGENT_GATEWAY_CONCURRENCY must be a whole number");
    assertThatThrownBy(
            () -> VideoAgent.builder().fromEnvironment(Map.of("PIXAZO_BASE_URL", "gateway")))
        .hasMessageContaining("PIXAZO_BASE_URL");
  }

  @Test
  void theDefaultHomeHoldsTheDatabaseAndTheVideos() throws Exception {
    String userHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    try (VideoAgent agent =
        TestAgents.fast(VideoAgent.builder().sandbox(TestAgents.SANDBOX_DELAY)).build()) {
      Video done =
          agent
              .await(agent.submit("In the default home").id(), Duration.ofSeconds(15))
              .videoOrThrow();
      assertThat(done.isStored()).isTrue();
    } finally {
      System.setProperty("user.home", userHome);
    }
    Path data = home.resolve(".videoagent");
    assertThat(data.resolve("videoagent.db")).exists();
    try (var videos = Files.walk(data.resolve("videos"))) {
      assertThat(videos.filter(p -> p.toString().endsWith(".mp4"))).hasSize(1);
    }
  }

  @Test
  void theClockGivesTheJobsTimesToTheMillisecond() {
    Instant fixed = Instant.parse("2030-01-02T03:04:05.678912Z");
    try (VideoAgent agent =
        TestAgents.sandboxed(home).clock(Clock.fixed(fixed, ZoneOffset.UTC)).build()) {
      Video job = agent.submit("Made at a fixed time");
      assertThat(job.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.678Z"));
      assertThat(job.deadline()).isEqualTo(job.createdAt().plus(Duration.ofHours(2)));
      assertThat(agent.get(job.id())).contains(job);
    }
  }
}
