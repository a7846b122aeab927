package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents on one SQLite file behave like two service instances: both track, and still every job
 * is submitted, and its video downloaded, exactly once. The sandbox is started here, shared by
 * both, so that its stats count what the gateway saw.
 */
@Timeout(60)
class TwoAgentsOneDatabaseTest {
  private static final int JOBS = 8;

  @TempDir Path dir;

  @Test
  void bothTrackersRunAndEveryJobIsSubmittedAndDownloadedExactlyOnce() throws Exception {
    try (SandboxGateway sandbox =
        SandboxGateway.start(
            SandboxConfig.defaults().withCompletionDelay(TestAgents.SANDBOX_DELAY))) {
      String database = "jdbc:sqlite:" + dir.resolve("shared.db");
      List<String> storedHeard = new CopyOnWriteArrayList<>();
      try (VideoAgent first = agent(sandbox, database, "first", storedHeard);
          VideoAgent second = agent(sandbox, database, "second", storedHeard)) {
        first.start();
        second.start();

        List<Video> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          VideoAgent submitter = i % 2 == 0 ? first : second;
          jobs.add(submitter.submit("Shared database job " + i));
        }
        List<CompletableFuture<AwaitResult>> waits = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          VideoAgent waiter = i % 2 == 0 ? second : first;
          waits.add(waiter.awaitAsync(jobs.get(i).id(), Duration.ofSeconds(30)));
        }
        for (CompletableFuture<AwaitResult> wait : waits) {
          Video done = wait.get(40, TimeUnit.SECONDS).videoOrThrow();
          assertThat(done.status()).isEqualTo(VideoStatus.COMPLETED);
          assertThat(done.isStored()).isTrue();
        }
      }

      for (int i = 0; i < JOBS; i++) {
        assertThat(sandbox.stats().acceptedSubmissionsFor("Shared database job " + i))
            .as("billed submissions of job %d", i)
            .isEqualTo(1);
      }
      assertThat(sandbox.stats().acceptedSubmissions()).isEqualTo(JOBS);
      assertThat(sandbox.stats().mediaDownloads()).isEqualTo(JOBS);
      // Each agent hears a stored video at most once, whichever of the two trackers stored it,
      // and every one is heard (closing reads the record to its end for the listeners).
      assertThat(storedHeard).doesNotHaveDuplicates();
      assertThat(storedHeard.stream().map(h -> h.substring(h.indexOf(' ') + 1)).distinct())
          .hasSize(JOBS);
    }
  }

  private VideoAgent agent(
      SandboxGateway sandbox, String database, String name, List<String> storedHeard) {
    return TestAgents.fast(VideoAgent.builder())
        .baseUrl(sandbox.baseUrl())
        .apiKey(sandbox.apiKey())
        .home(dir.resolve(name))
        .database(database)
        .concurrency(2)
        .listener(
            new VideoListener() {
              @Override
              public void videoStored(Video video) {
                storedHeard.add(name + " " + video.id());
              }
            })
        .build();
  }
}
