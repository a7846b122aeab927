package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** More jobs than the in-flight cap: they all finish, and the agent says how tracking stands. */
@Timeout(60)
class TrackingUnderTheCapTest {
  @TempDir Path home;

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    void advance(Duration duration) {
      now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void theTrackerDrainsMoreJobsThanTheCapAndItsStatusCountsThem() {
    try (VideoAgent agent = TestAgents.sandboxed(home).maxInFlight(2).build()) {
      List<Video> jobs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        jobs.add(agent.submit("Waits its turn " + i));
      }
      TrackerStatus before = agent.trackerStatus();
      assertThat(before.tracking()).isFalse();
      assertThat(before.queueDepth()).isEqualTo(12);
      assertThat(before.inFlight()).isZero();
      assertThat(before.maxInFlight()).isEqualTo(2);

      agent.start();
      await()
          .atMost(40, TimeUnit.SECONDS)
          .until(() -> jobs.stream().allMatch(j -> agent.get(j.id()).orElseThrow().isStored()));

      TrackerStatus after = agent.trackerStatus();
      assertThat(after.tracking()).isTrue();
      assertThat(after.isOk()).isTrue();
      assertThat(after.reasonIfAny()).isEmpty();
      assertThat(after.queueDepth()).isZero();
      assertThat(after.inFlight()).isZero();
      assertThat(after.lag()).isZero();
      assertThat(after.lastProgressIfAny()).isPresent();
    }
  }

  @Test
  void drivenWaitsOnMoreJobsThanTheCapAllFinishEachSubmittedOnce() throws Exception {
    try (SandboxGateway sandbox =
            SandboxGateway.start(
                SandboxConfig.defaults().withCompletionDelay(TestAgents.SANDBOX_DELAY));
        VideoAgent agent =
            TestAgents.fast(VideoAgent.builder())
                .baseUrl(sandbox.baseUrl())
                .apiKey(sandbox.apiKey())
                .home(home)
                .maxInFlight(3)
                .concurrency(6)
                .build()) {
      List<CompletableFuture<AwaitResult>> waits = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        Video job = agent.submit("Driven by its own wait " + i);
        waits.add(agent.awaitAsync(job.id(), Duration.ofSeconds(45)));
      }

      for (CompletableFuture<AwaitResult> wait : waits) {
        assertThat(wait.get(50, TimeUnit.SECONDS)).isInstanceOf(AwaitResult.Finished.class);
      }
      for (int i = 0; i < 15; i++) {
        assertThat(sandbox.stats().acceptedSubmissionsFor("Driven by its own wait " + i))
            .isEqualTo(1);
      }
      assertThat(sandbox.stats().peakConcurrentJobs()).isBetween(1, 3);
    }
  }

  @Test
  void jobsThatStopMovingAreLoggedOnceAndOnceMoreWhenTheyMoveAgain() throws Exception {
    HandClock clock = new HandClock();
    try (LogCapture logs = new LogCapture();
        SandboxGateway sandbox =
            SandboxGateway.start(
                SandboxConfig.defaults().withCompletionDelay(TestAgents.SANDBOX_DELAY));
        VideoAgent agent =
            VideoAgent.builder()
                .baseUrl(sandbox.baseUrl())
                .apiKey(sandbox.apiKey())
                .home(home)
                .clock(clock)
                .concurrency(1)
                .polling(Duration.ofMillis(100), Duration.ofMillis(400))
                .idlePoll(Duration.ofMillis(50))
                .shutdownGrace(Duration.ofSeconds(5))
                .build()) {
      agent.start();
      Video first = agent.submit("Read slowly");
      Video second = agent.submit("Due behind it");
      await().atMost(10, TimeUnit.SECONDS).until(() -> sandbox.stats().acceptedSubmissions() == 2);
      // Every status read now takes 1.5 s: the one worker is busy while minutes pass.
      sandbox.setFaults(SandboxFaults.none().withSlowAnswers(1.0, Duration.ofMillis(1500)));
      clock.advance(Duration.ofSeconds(1));
      await().atMost(10, TimeUnit.SECONDS).until(() -> sandbox.stats().statusReads() >= 1);
      clock.advance(Duration.ofMinutes(2));

      await().atMost(10, TimeUnit.SECONDS).until(() -> warnings(logs).size() == 1);
      assertThat(warnings(logs).get(0).getFormattedMessage())
          .contains("not moving")
          .contains("have not moved for");

      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(
              () ->
                  agent.get(first.id()).orElseThrow().isStored()
                      && agent.get(second.id()).orElseThrow().isStored());
      clock.advance(Duration.ofSeconds(10));
      await().atMost(10, TimeUnit.SECONDS).until(() -> recoveries(logs).size() == 1);
      assertThat(agent.trackerStatus().isOk()).isTrue();
      assertThat(warnings(logs)).hasSize(1);
    }
  }

  private static List<ILoggingEvent> warnings(LogCapture logs) {
    return logs.events().stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .filter(e -> e.getFormattedMessage().contains("not moving"))
        .toList();
  }

  private static List<ILoggingEvent> recoveries(LogCapture logs) {
    return logs.events().stream()
        .filter(e -> e.getLevel() == Level.INFO)
        .filter(e -> e.getFormattedMessage().contains("moving again"))
        .toList();
  }
}
