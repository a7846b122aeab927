package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxFaults;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A wait ends at its timeout with a clear result, and the job goes on. */
@Timeout(30)
class AwaitTimeoutTest {
  /** Long enough that no wait below can see the job finish. */
  private static final Duration SLOW_JOB = Duration.ofSeconds(3);

  @TempDir Path home;

  private VideoAgent.Builder slowSandbox() {
    return TestAgents.fast(VideoAgent.builder().sandbox(SLOW_JOB).home(home));
  }

  @Test
  void awaitWithoutTrackerTimesOutQuicklyAndTheJobGoesOn() throws Exception {
    try (VideoAgent agent = slowSandbox().build()) {
      Video job = agent.submit("A job slower than the wait");

      long started = System.nanoTime();
      AwaitResult result = agent.await(job.id(), Duration.ofMillis(400));
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(result).isInstanceOf(AwaitResult.TimedOut.class);
      assertThat(tookMillis).isBetween(350L, 1_500L);
      Video seen = ((AwaitResult.TimedOut) result).video();
      assertThat(seen.status()).isIn(VideoStatus.QUEUED, VideoStatus.PROCESSING);
      VideoTimeoutException timeout = (VideoTimeoutException) catchThrown(result::videoOrThrow);
      assertThat(timeout.video().id()).isEqualTo(job.id());
      assertThat(timeout).hasMessageContaining("did not finish in time");

      // The wait gave up, not the job: a later wait sees it through.
      Video done = agent.await(job.id(), Duration.ofSeconds(15)).videoOrThrow();
      assertThat(done.status()).isEqualTo(VideoStatus.COMPLETED);
      assertThat(done.isStored()).isTrue();
    }
  }

  @Test
  void awaitAsyncTimesOutWithTheTrackerRunningAndWithout() throws Exception {
    try (VideoAgent agent = slowSandbox().build()) {
      Video driven = agent.submit("Awaited asynchronously, untracked");
      long started = System.nanoTime();
      AwaitResult untracked =
          agent.awaitAsync(driven.id(), Duration.ofMillis(400)).get(5, TimeUnit.SECONDS);
      assertThat(untracked).isInstanceOf(AwaitResult.TimedOut.class);
      assertThat((System.nanoTime() - started) / 1_000_000).isBetween(350L, 1_500L);

      agent.start();
      Video tracked = agent.submit("Awaited asynchronously, tracked");
      started = System.nanoTime();
      AwaitResult result =
          agent.awaitAsync(tracked.id(), Duration.ofMillis(400)).get(5, TimeUnit.SECONDS);
      assertThat(result).isInstanceOf(AwaitResult.TimedOut.class);
      assertThat((System.nanoTime() - started) / 1_000_000).isBetween(350L, 1_500L);
      assertThat(agent.get(tracked.id()).orElseThrow().status().isTerminal()).isFalse();
    }
  }

  @Test
  void aZeroTimeoutLooksOnceAndANegativeOneIsRefused() throws Exception {
    try (VideoAgent agent = slowSandbox().build()) {
      Video job = agent.submit("Looked at once");

      AwaitResult result = agent.await(job.id(), Duration.ZERO);

      assertThat(result).isInstanceOf(AwaitResult.TimedOut.class);
      assertThatThrownBy(() -> agent.await(job.id(), Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout must not be negative");
    }
  }

  @Test
  void anInterruptedAwaitThrowsAndLeavesTheJobAlone() throws Exception {
    try (VideoAgent agent = slowSandbox().build()) {
      Video job = agent.submit("Interrupted wait");
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> agent.await(job.id(), Duration.ofSeconds(10)))
            .isInstanceOf(InterruptedException.class);
      } finally {
        Thread.interrupted();
      }
      assertThat(agent.await(job.id(), Duration.ofSeconds(15)).videoOrThrow().isStored()).isTrue();
    }
  }

  /**
   * The HTTP client abandons a call when its thread is interrupted, and an abandoned submission
   * must end submission_unknown (it may have been billed). So the waiting thread never submits: an
   * interrupt during a slow submission ends the wait, and the submission goes through.
   */
  @Test
  void interruptingAWaitDuringASlowSubmissionLeavesTheSubmissionIntact() throws Exception {
    try (SandboxGateway sandbox =
            SandboxGateway.start(
                SandboxConfig.defaults()
                    .withCompletionDelay(TestAgents.SANDBOX_DELAY)
                    .withFaults(SandboxFaults.none().withSlowAnswers(1.0, Duration.ofSeconds(1))));
        VideoAgent agent =
            TestAgents.fast(VideoAgent.builder())
                .baseUrl(sandbox.baseUrl())
                .apiKey(sandbox.apiKey())
                .home(home)
                .build()) {
      Video job = agent.submit("Submitted slowly, awaited impatiently");
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread waiter =
          new Thread(
              () -> {
                try {
                  agent.await(job.id(), Duration.ofSeconds(20));
                } catch (Throwable e) {
                  thrown.set(e);
                }
              });
      waiter.start();
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> sandbox.stats().acceptedSubmissionsFor(job.prompt()) == 1);
      waiter.interrupt();
      waiter.join(5_000);

      assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
      sandbox.setFaults(SandboxFaults.none());
      Video done = agent.await(job.id(), Duration.ofSeconds(15)).videoOrThrow();
      assertThat(done.status()).isEqualTo(VideoStatus.COMPLETED);
      assertThat(done.attempt()).isEqualTo(1);
      assertThat(sandbox.stats().acceptedSubmissionsFor(job.prompt())).isEqualTo(1);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static Throwable catchThrown(Call call) {
    try {
      call.run();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected an exception");
  }
}
