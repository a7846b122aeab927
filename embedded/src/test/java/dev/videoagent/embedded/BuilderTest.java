package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PIXAZO_API_KEY")
        .hasMessageContaining("sandbox()");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void eachBadValueIsRefusedAtOnceWithTheSettingsName() {
    VideoAgent.Builder builder = VideoAgent.builder();
    assertThatThrownBy(() -> builder.apiKey(" ")).hasMessageContaining("apiKey (PIXAZO_API_KEY)");
    assertThatThrownBy(() -> builder.apiKey("two words")).hasMessageContaining("spaces");
    assertThatThrownBy(() -> builder.baseUrl("ftp://gateway.example"))
        .hasMessageContaining("baseUrl (PIXAZO_BASE_URL)");
    assertThatThrownBy(() -> builder.baseUrl("https://user:pw@gateway.example"))
        .hasMessageContaining("PIXAZO_BASE_URL");
    assertThatThrownBy(() -> builder.database("jdbc:mysql://db/videos"))
        .hasMessageContaining("database (VIDEOAGENT_DB)");
    assertThatThrownBy(() -> builder.concurrency(0))
        .hasMessageContaining("VIDEOAGENT_GATEWAY_CONCURRENCY");
    assertThatThrownBy(() -> builder.callsPerSecond(0))
        .hasMessageContaining("VIDEOAGENT_GATEWAY_RATE");
    assertThatThrownBy(() -> builder.maxInFlight(1001))
        .hasMessageContaining("VIDEOAGENT_MAX_IN_FLIGHT");
    assertThatThrownBy(() -> builder.jobDeadline(Duration.ZERO))
        .hasMessageContaining("VIDEOAGENT_JOB_DEADLINE");
    assertThatThrownBy(() -> builder.maxDownloadBytes(0))
        .hasMessageContaining("VIDEOAGENT_MAX_DOWNLOAD_BYTES");
    assertThatThrownBy(() -> builder.polling(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageContaining("longest interval");
    assertThatThrownBy(() -> builder.tenant("no spaces please")).hasMessageContaining("tenant");
    assertThatThrownBy(() -> builder.sandbox(Duration.ofMillis(-1)))
        .hasMessageContaining("completionDelay");
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
