package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners hear the change record: an agent that neither tracks nor reads a job is still told of
 * every change another agent (another process) made to it on the same database, in order, with the
 * job as each change left it.
 */
@Timeout(60)
class ChangeRecordListenersTest {
  @TempDir Path dir;

  @Test
  void anAgentHearsOfChangesAnotherAgentMadeOnTheSameDatabase() throws Exception {
    try (SandboxGateway sandbox =
        SandboxGateway.start(
            SandboxConfig.defaults().withCompletionDelay(TestAgents.SANDBOX_DELAY))) {
      String database = "jdbc:sqlite:" + dir.resolve("shared.db");
      List<VideoEvent> events = new CopyOnWriteArrayList<>();
      List<String> calls = new CopyOnWriteArrayList<>();
      VideoListener listener =
          new VideoListener() {
            @Override
            public void onEvent(VideoEvent event) {
              events.add(event);
              calls.add("event " + event.type());
            }

            @Override
            public void statusChanged(Video video, VideoStatus previous) {
              calls.add("status " + previous + " -> " + video.status());
            }

            @Override
            public void videoStored(Video video) {
              calls.add("stored " + video.isStored());
            }
          };
      try (VideoAgent worker = agent(sandbox, database, "worker").build();
          VideoAgent watcher = agent(sandbox, database, "watcher").listener(listener).build()) {
        // The watcher is open (its listener registered) but never started, never asked.
        watcher.trackerStatus();
        worker.start();
        Video job = worker.submit("A video another process finishes");
        worker.await(job.id(), Duration.ofSeconds(30)).videoOrThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("stored true"));
        assertThat(events)
            .extracting(VideoEvent::type)
            .endsWith(VideoEventType.COMPLETED, VideoEventType.STORED);
        assertThat(events).extracting(VideoEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(events).allMatch(e -> e.video().id().equals(job.id()));
        assertThat(events).allMatch(e -> e.id().startsWith("evt_"));
        for (VideoEvent event : events) {
          VideoStatus expected =
              event.type() == VideoEventType.STORED
                  ? VideoStatus.COMPLETED
                  : VideoStatus.valueOf(event.type().name());
          assertThat(event.video().status()).as(event.type().wireName()).isEqualTo(expected);
          assertThat(event.video().isStored()).isEqualTo(event.type() == VideoEventType.STORED);
        }
        // Each status call starts where the one before ended.
        List<String> statusCalls = calls.stream().filter(c -> c.startsWith("status ")).toList();
        assertThat(statusCalls.get(0)).startsWith("status PENDING -> ");
        for (int i = 1; i < statusCalls.size(); i++) {
          String before = statusCalls.get(i - 1);
          assertThat(statusCalls.get(i))
              .startsWith("status " + before.substring(before.lastIndexOf(' ') + 1) + " -> ");
        }
        assertThat(calls.get(calls.size() - 2)).isEqualTo("event STORED");
      }
    }
  }

  @Test
  void closingAnAgentTellsItsListenersOfEveryChangeCommittedBeforeTheClose() throws Exception {
    try (SandboxGateway sandbox =
        SandboxGateway.start(
            SandboxConfig.defaults().withCompletionDelay(TestAgents.SANDBOX_DELAY))) {
      String database = "jdbc:sqlite:" + dir.resolve("shared.db");
      List<String> stored = new CopyOnWriteArrayList<>();
      VideoListener listener =
          new VideoListener() {
            @Override
            public void videoStored(Video video) {
              stored.add(video.id());
            }
          };
      try (VideoAgent worker = agent(sandbox, database, "worker").build()) {
        VideoAgent watcher = agent(sandbox, database, "watcher").listener(listener).build();
        watcher.trackerStatus();
        worker.start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          ids.add(worker.submit("Stored just before the watcher closes " + i).id());
        }
        for (String id : ids) {
          worker.await(id, Duration.ofSeconds(30)).videoOrThrow();
        }
        // Closed at once: the feed's next poll (200 ms away) would come too late.
        watcher.close();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
      }
    }
  }

  private VideoAgent.Builder agent(SandboxGateway sandbox, String database, String name) {
    return TestAgents.fast(VideoAgent.builder())
        .baseUrl(sandbox.baseUrl())
        .apiKey(sandbox.apiKey())
        .home(dir.resolve(name))
        .database(database)
        .concurrency(2);
  }
}
