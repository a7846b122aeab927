package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a new user runs into first: nulls, cursors, futures of videos, the sandbox's knobs. */
@Timeout(60)
class NewcomerTest {
  @TempDir Path home;

  @Test
  void aNullIdIsRefusedAlikeByEveryMethodThatTakesOne() {
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      List<Consumer<String>> calls =
          List.of(
              agent::get,
              agent::cancel,
              agent::retry,
              id -> await(agent, id),
              id -> agent.awaitAsync(id, Duration.ZERO),
              id -> agent.awaitVideoAsync(id, Duration.ZERO),
              agent::openVideo,
              id -> agent.saveVideo(id, home.resolve("out.mp4")));
      for (Consumer<String> call : calls) {
        assertThatThrownBy(() -> call.accept(null))
            .isInstanceOf(NullPointerException.class)
            .hasMessage("id");
      }
    }
  }

  private static void await(VideoAgent agent, String id) {
    try {
      agent.await(id, Duration.ZERO);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCursorThatIsNotAJobOfThisAgentIsRefusedNotAnEmptyPage() {
    try (VideoAgent agent = TestAgents.sandboxed(home).build();
        VideoAgent other = TestAgents.sandboxed(home).tenant("someone-else").build()) {
      Video mine = agent.submit("Mine");
      agent.submit("Mine too");
      Video theirs = other.submit("Theirs");

      VideoPage page = agent.list(VideoQuery.newest(1));
      assertThat(agent.list(VideoQuery.newest(5).after(page.nextCursor())).videos())
          .extracting(Video::id)
          .containsExactly(mine.id());
      for (String bad : new String[] {"vid_nothing", "", theirs.id()}) {
        assertThatThrownBy(() -> agent.list(VideoQuery.newest(5).after(bad)))
            .as(bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cursor")
            .hasMessageContaining("nextCursor()");
      }
    }
  }

  @Test
  void awaitVideoAsyncGivesTheVideoItselfOrTheReasonThereIsNone() throws Exception {
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      Video job = agent.submit("A future of a video");
      Video done =
          agent.awaitVideoAsync(job.id(), Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
      assertThat(done.id()).isEqualTo(job.id());
      assertThat(done.isStored()).isTrue();

      CompletableFuture<Video> missing = agent.awaitVideoAsync("vid_missing", Duration.ZERO);
      assertThatThrownBy(() -> missing.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(VideoNotFoundException.class);
    }
    try (VideoAgent slow =
        TestAgents.fast(VideoAgent.builder().sandbox(Duration.ofMinutes(5)).home(home)).build()) {
      Video job = slow.submit("Not done in time");
      CompletableFuture<Video> late = slow.awaitVideoAsync(job.id(), Duration.ofMillis(200));
      assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(VideoTimeoutException.class);
    }
  }

  @Test
  void theSandboxesKnobsReachTheSandboxThroughThePublicBuilder() throws Exception {
    SandboxOptions ambiguous =
        SandboxOptions.defaults()
            .withCompletionDelay(TestAgents.SANDBOX_DELAY)
            .withAmbiguousRate(1.0);
    try (VideoAgent agent =
        TestAgents.fast(VideoAgent.builder().home(home.resolve("ambiguous")))
            .sandbox(ambiguous)
            .build()) {
      Video job = agent.submit("Taken, but the answer is lost");
      Video done = agent.await(job.id(), Duration.ofSeconds(20)).videoOrThrow();
      assertThat(done.status()).isEqualTo(VideoStatus.FAILED);
      assertThat(done.errorIfAny().map(VideoError::code))
          .contains(VideoError.Code.SUBMISSION_UNKNOWN);
    }
    SandboxOptions marked =
        SandboxOptions.defaults()
            .withCompletionDelay(TestAgents.SANDBOX_DELAY)
            .withFailMarker("#nope");
    try (VideoAgent agent =
        TestAgents.fast(VideoAgent.builder().home(home.resolve("marked")))
            .sandbox(marked)
            .build()) {
      Video failed =
          agent.await(agent.submit("This one #nope").id(), Duration.ofSeconds(20)).videoOrThrow();
      Video fine =
          agent
              .await(agent.submit("This one [fail] is fine here").id(), Duration.ofSeconds(20))
              .videoOrThrow();
      assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
      assertThat(failed.errorIfAny().map(VideoError::code))
          .contains(VideoError.Code.GATEWAY_FAILED);
      assertThat(fine.status()).isEqualTo(VideoStatus.COMPLETED);
    }
    assertThatThrownBy(() -> SandboxOptions.defaults().withAmbiguousRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ambiguousRate");
    assertThatThrownBy(() -> SandboxOptions.defaults().withFailMarker(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failMarker");
  }
}
