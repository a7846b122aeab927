package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Background tracking, listeners and the asynchronous waits. */
@Timeout(30)
class TrackingAndListenersTest {
  @TempDir Path home;

  /** What a listener heard, as text, in order, with the thread it heard it on. */
  static final class Recorder implements VideoListener {
    final List<String> heard = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<Video> stored = new CopyOnWriteArrayList<>();

    @Override
    public void statusChanged(Video video, VideoStatus previous) {
      heard.add(video.id() + " " + previous.wireName() + "->" + video.status().wireName());
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void videoStored(Video video) {
      heard.add(video.id() + " stored");
      stored.add(video);
      threads.add(Thread.currentThread().getName());
    }

    List<String> about(String id) {
      return heard.stream()
          .filter(h -> h.startsWith(id + " "))
          .map(h -> h.substring(id.length() + 1))
          .toList();
    }
  }

  @Test
  void theTrackerFinishesSubmittedJobsAndListenersHearEachChangeOnceOnTheEventThread() {
    Recorder recorder = new Recorder();
    try (VideoAgent agent = TestAgents.sandboxed(home).listener(recorder).build()) {
      agent.start();
      assertThat(agent.isTracking()).isTrue();

      Video one = agent.submit("Tracked in the background, one");
      Video two = agent.submit("Tracked in the background, two");

      await().atMost(15, TimeUnit.SECONDS).until(() -> recorder.stored.size() == 2);
      for (Video job : List.of(one, two)) {
        List<String> heard = recorder.about(job.id());
        // A read may find the job already done, skipping "processing": both are right.
        assertThat(heard).startsWith("pending->queued").endsWith("stored").doesNotHaveDuplicates();
        assertThat(heard.get(heard.size() - 2)).matches("(queued|processing)->completed");
        assertThat(agent.get(job.id()).orElseThrow().isStored()).isTrue();
      }
      assertThat(recorder.stored).allSatisfy(v -> assertThat(v.content()).isNotNull());
      assertThat(recorder.threads).allMatch(t -> t.startsWith("videoagent-events-"));
    }
  }

  @Test
  void awaitWithTheTrackerRunningIsWokenByItsEventsAndHearsNothingTwice() throws Exception {
    Recorder recorder = new Recorder();
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      agent.addListener(recorder);
      agent.start();
      Video job = agent.submit("Awaited while tracked");

      long started = System.nanoTime();
      AwaitResult result = agent.await(job.id(), Duration.ofSeconds(15));
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(result.isFinished()).isTrue();
      assertThat(result.videoOrThrow().isStored()).isTrue();
      // The sandbox takes 300 ms and the polls follow at 200 ms, 300 ms, 450 ms: seconds of lag
      // would mean the wait slept through the tracker's events.
      assertThat(tookMillis).isLessThan(3_000);
      await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.about(job.id()).contains("stored"));
      assertThat(recorder.about(job.id())).doesNotHaveDuplicates();
    }
  }

  @Test
  void awaitAsyncWithoutTheTrackerDrivesTheJobOnTheAgentsThreads() throws Exception {
    Recorder recorder = new Recorder();
    try (VideoAgent agent = TestAgents.sandboxed(home).listener(recorder).build()) {
      Video job = agent.submit("Driven by an asynchronous wait");

      CompletableFuture<AwaitResult> future = agent.awaitAsync(job.id(), Duration.ofSeconds(15));
      AwaitResult result = future.get(15, TimeUnit.SECONDS);

      assertThat(agent.isTracking()).isFalse();
      Video done = result.videoOrThrow();
      assertThat(done.status()).isEqualTo(VideoStatus.COMPLETED);
      assertThat(done.isStored()).isTrue();
      await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.about(job.id()).contains("stored"));
      assertThat(recorder.about(job.id())).startsWith("pending->queued").doesNotHaveDuplicates();
    }
  }

  @Test
  void awaitAsyncWithTheTrackerCompletesFromItsEvents() throws Exception {
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      agent.start();
      Video job = agent.submit("Awaited asynchronously while tracked");
      List<String> completedOn = new CopyOnWriteArrayList<>();

      AwaitResult result =
          agent
              .awaitAsync(job.id(), Duration.ofSeconds(15))
              .whenComplete((r, e) -> completedOn.add(Thread.currentThread().getName()))
              .get(15, TimeUnit.SECONDS);

      assertThat(result.videoOrThrow().isStored()).isTrue();
      assertThat(completedOn).singleElement().asString().startsWith("videoagent-events-");
    }
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthersOrTheTracking() {
    Recorder recorder = new Recorder();
    VideoListener broken =
        new VideoListener() {
          @Override
          public void statusChanged(Video video, VideoStatus previous) {
            throw new IllegalStateException("a bug in the host's listener");
          }
        };
    try (LogCapture logs = new LogCapture();
        VideoAgent agent = TestAgents.sandboxed(home).listener(broken).build()) {
      agent.addListener(recorder);
      agent.start();
      Video job = agent.submit("Heard despite a broken listener");

      await().atMost(15, TimeUnit.SECONDS).until(() -> recorder.about(job.id()).contains("stored"));
      agent.removeListener(recorder);
      Video later = agent.submit("Not heard by a removed listener");
      await()
          .atMost(15, TimeUnit.SECONDS)
          .until(() -> agent.get(later.id()).orElseThrow().isStored());
      assertThat(recorder.about(later.id())).isEmpty();
      // The host's bug is logged with its stack trace, which is what its author needs.
      assertThat(logs.events())
          .anySatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).contains("threw an exception; it was ignored");
                assertThat(e.getThrowableProxy().getMessage())
                    .isEqualTo("a bug in the host's listener");
              });
    }
  }
}
