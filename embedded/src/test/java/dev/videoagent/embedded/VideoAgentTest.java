package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations end to end against the agent's own sandbox and a real SQLite file, without the
 * background tracker: every job is driven by the waits themselves, as the command line does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class VideoAgentTest {
  @TempDir static Path home;
  private VideoAgent agent;

  @BeforeAll
  void build() {
    agent = TestAgents.sandboxed(home).tenant("ops-test").build();
  }

  @AfterAll
  void close() {
    agent.close();
  }

  @Test
  void submitReturnsAPendingJobAtOnceAndAwaitFinishesItWithTheVideoStored() throws Exception {
    Video submitted =
        agent.submit(
            VideoSpec.of("  A short tour of the office  ")
                .withOrientation(Orientation.PORTRAIT)
                .withMetadata(Map.of("customer", "acme")));

    assertThat(submitted.status()).isEqualTo(VideoStatus.PENDING);
    assertThat(submitted.id()).startsWith("vid_");
    assertThat(submitted.prompt()).isEqualTo("A short tour of the office");
    assertThat(submitted.avatar()).isEqualTo("auto");
    assertThat(submitted.orientationIfSet()).contains(Orientation.PORTRAIT);
    assertThat(submitted.metadata()).containsExactly(Map.entry("customer", "acme"));
    assertThat(submitted.isSettled()).isFalse();

    Video done = agent.await(submitted.id(), Duration.ofSeconds(20)).videoOrThrow();

    assertThat(done.status()).isEqualTo(VideoStatus.COMPLETED);
    assertThat(done.isSettled()).isTrue();
    assertThat(done.gatewayRequestId()).isNotBlank();
    assertThat(done.videoUrl()).isNotNull();
    assertThat(done.completedAt()).isNotNull();
    StoredVideo content = done.contentIfStored().orElseThrow();
    assertThat(content.contentType()).isEqualTo("video/mp4");

    byte[] bytes;
    try (InputStream in = agent.openVideo(done.id())) {
      bytes = in.readAllBytes();
    }
    assertThat(bytes).hasSize((int) content.bytes());
    assertThat(sha256(bytes)).isEqualTo(content.sha256());

    Path saved = agent.saveVideo(done.id(), home.resolve("out").resolve("tour.mp4"));
    assertThat(Files.readAllBytes(saved)).isEqualTo(bytes);
    assertThat(agent.get(done.id())).contains(done);
  }

  @Test
  void aJobTheGatewayFailsEndsFailedAndCanBeRetriedAsANewAttempt() throws Exception {
    Video job = agent.submit("This one will [fail] at the gateway");

    Video failed = agent.await(job.id(), Duration.ofSeconds(20)).videoOrThrow();
    assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(VideoError.Code.GATEWAY_FAILED);
    assertThat(failed.error().message()).contains("[fail]");
    assertThatThrownBy(() -> agent.openVideo(job.id()))
        .isInstanceOf(VideoStateException.class)
        .hasMessageContaining("failed");

    Video retried = agent.retry(job.id());
    assertThat(retried.status()).isEqualTo(VideoStatus.PENDING);
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.error()).isNull();

    Video again = agent.await(job.id(), Duration.ofSeconds(20)).videoOrThrow();
    assertThat(again.status()).isEqualTo(VideoStatus.FAILED);
    assertThat(again.attempt()).isEqualTo(2);
  }

  @Test
  void cancelStopsAJobAndRefusesWhatNoLongerApplies() throws Exception {
    Video job = agent.submit("A video nobody will watch");

    Video canceled = agent.cancel(job.id());

    assertThat(canceled.status()).isEqualTo(VideoStatus.CANCELED);
    assertThat(agent.get(job.id()).orElseThrow().status()).isEqualTo(VideoStatus.CANCELED);
    assertThat(agent.await(job.id(), Duration.ofSeconds(1)).videoOrThrow().status())
        .isEqualTo(VideoStatus.CANCELED);
    VideoStateException again = (VideoStateException) catchThrown(() -> agent.cancel(job.id()));
    assertThat(again).hasMessageContaining("already canceled");
    assertThat(again.video().status()).isEqualTo(VideoStatus.CANCELED);
    assertThatThrownBy(() -> agent.retry(job.id()))
        .isInstanceOf(VideoStateException.class)
        .hasMessageContaining("only failed jobs can be retried");
    assertThatThrownBy(() -> agent.openVideo(job.id())).isInstanceOf(VideoStateException.class);
  }

  @Test
  void unknownIdsAreReportedAsNotFound() throws Exception {
    String unknown = "vid_00000000000000000000000000";

    assertThat(agent.get(unknown)).isEmpty();
    AwaitResult result = agent.await(unknown, Duration.ofSeconds(1));
    assertThat(result).isEqualTo(new AwaitResult.NotFound(unknown));
    assertThat(result.isFinished()).isFalse();
    assertThatThrownBy(result::videoOrThrow)
        .isInstanceOf(VideoNotFoundException.class)
        .hasMessageContaining(unknown);
    assertThat(((VideoNotFoundException) catchThrown(() -> agent.cancel(unknown))).id())
        .isEqualTo(unknown);
    assertThatThrownBy(() -> agent.retry(unknown)).isInstanceOf(VideoNotFoundException.class);
    assertThatThrownBy(() -> agent.openVideo(unknown)).isInstanceOf(VideoNotFoundException.class);
  }

  @Test
  void invalidSpecsNameEveryBadFieldAndStoreNothing() {
    int before = agent.list(VideoQuery.newest(1000)).videos().size();

    InvalidVideoRequestException e =
        (InvalidVideoRequestException)
            catchThrown(
                () ->
                    agent.submit(
                        VideoSpec.of(" ")
                            .withVoice("not a voice!")
                            .withIdempotencyKey("has a space")));

    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.fields()).containsExactly("prompt", "voice", "idempotencyKey");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).contains(p.field()));
    assertThat(e.getMessage()).contains("prompt is required");
    assertThatThrownBy(() -> agent.submit("x".repeat(10_001)))
        .isInstanceOf(InvalidVideoRequestException.class)
        .hasMessageContaining("prompt must be at most 10000 characters");
    assertThat(agent.list(VideoQuery.newest(1000)).videos()).hasSize(before);
  }

  @Test
  void anIdempotencyKeyReturnsTheFirstJobAndRefusesADifferentSpec() {
    VideoSpec spec = VideoSpec.of("Welcome aboard").withIdempotencyKey("onboarding-42");

    Video first = agent.submit(spec);
    Video replay = agent.submit(spec);

    assertThat(replay.id()).isEqualTo(first.id());
    IdempotencyKeyConflictException conflict =
        (IdempotencyKeyConflictException)
            catchThrown(() -> agent.submit(spec.withVoice("other-voice")));
    assertThat(conflict.existing().id()).isEqualTo(first.id());
  }

  @Test
  void listPagesNewestFirstAndFiltersByStatus() {
    VideoAgent own = TestAgents.sandboxed(home.resolve("list")).build();
    try (own) {
      Video a = own.submit("first");
      Video b = own.submit("second");
      Video c = own.submit("third");
      own.cancel(b.id());

      VideoPage page1 = own.list(VideoQuery.newest(2));
      assertThat(ids(page1)).containsExactly(c.id(), b.id());
      assertThat(page1.nextCursorIfAny()).isPresent();
      VideoPage page2 = own.list(VideoQuery.newest(2).after(page1.nextCursor()));
      assertThat(ids(page2)).containsExactly(a.id());
      assertThat(page2.nextCursorIfAny()).isEmpty();
      assertThat(ids(own.list(VideoQuery.newest(10).withStatus(VideoStatus.CANCELED))))
          .containsExactly(b.id());
    }
  }

  @Test
  void agentsWithAnotherTenantDoNotSeeTheJobs() {
    Video mine = agent.submit("Only for ops-test");
    VideoAgent other = TestAgents.sandboxed(home).tenant("someone-else").build();
    try (other) {
      assertThat(other.get(mine.id())).isEmpty();
      assertThatThrownBy(() -> other.cancel(mine.id())).isInstanceOf(VideoNotFoundException.class);
    }
  }

  private static List<String> ids(VideoPage page) {
    return page.videos().stream().map(Video::id).collect(Collectors.toList());
  }

  private static Throwable catchThrown(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an exception");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
