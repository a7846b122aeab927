package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.adapters.persistence.S3ProxyServer;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The library keeps its videos in S3-compatible storage when VIDEOAGENT_STORE says so. */
@Timeout(90)
class ObjectStoreTest {
  @TempDir static Path temp;
  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(temp.resolve("s3"));
    s3.createBucket("team-videos");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aFinishedVideoIsStoredInTheBucketAndReadBackFromIt() throws Exception {
    Path home = temp.resolve("home");
    Map<String, String> environment =
        Map.of(
            "VIDEOAGENT_STORE", "s3://team-videos/agents/eu",
            "AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
            "AWS_REGION", S3ProxyServer.REGION,
            "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    try (VideoAgent agent = TestAgents.sandboxed(home).fromEnvironment(environment).build()) {
      Video done =
          agent
              .await(agent.submit("A tour kept in the bucket").id(), Duration.ofSeconds(30))
              .videoOrThrow();
      StoredVideo content = done.contentIfStored().orElseThrow();

      byte[] bytes;
      try (InputStream in = agent.openVideo(done.id())) {
        bytes = in.readAllBytes();
      }
      assertThat(bytes).hasSize((int) content.bytes());
      Path object = s3.dataFolder().resolve("team-videos/agents/eu").resolve(done.id() + ".mp4");
      assertThat(object).exists();
      assertThat(Files.readAllBytes(object)).isEqualTo(bytes);
      Path saved = agent.saveVideo(done.id(), temp.resolve("out").resolve("tour.mp4"));
      assertThat(Files.readAllBytes(saved)).isEqualTo(bytes);
    }
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".mp4"));
    }
  }

  @Test
  void aBucketThatCannotBeUsedStopsTheStartNamingTheStore() {
    Map<String, String> wrongBucket =
        Map.of(
            "VIDEOAGENT_STORE",
            "s3://no-such-bucket/agents",
            "AWS_ENDPOINT_URL_S3",
            s3.endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            S3ProxyServer.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY",
            S3ProxyServer.SECRET_KEY);
    assertThatThrownBy(
            () -> TestAgents.sandboxed(temp.resolve("home-2")).fromEnvironment(wrongBucket).build())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("s3://no-such-bucket/agents");

    Map<String, String> wrongKeys =
        Map.of(
            "VIDEOAGENT_STORE",
            "s3://team-videos/agents",
            "AWS_ENDPOINT_URL_S3",
            s3.endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            S3ProxyServer.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY",
            "not-the-secret");
    assertThatThrownBy(
            () -> TestAgents.sandboxed(temp.resolve("home-3")).fromEnvironment(wrongKeys).build())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("s3://team-videos/agents")
        .hasMessageNotContaining("not-the-secret");
  }
}
