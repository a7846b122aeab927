package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** start() and close(): what runs, on which threads, and that nothing is left behind. */
@Timeout(60)
class LifecycleTest {
  @TempDir Path home;

  private static Set<Thread> aliveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  private static List<String> namesOfNew(Set<Thread> before) {
    return aliveThreads().stream()
        .filter(t -> !before.contains(t))
        // Awaitility's own poller is the test's thread, not the agent's.
        .filter(t -> !t.getName().startsWith("awaitility"))
        .map(t -> t.getName() + (t.isDaemon() ? "" : " (non-daemon)"))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Threads the agent makes itself or has made for it: none may outlive close(). */
  private static boolean ownThread(String name) {
    return name.startsWith("videoagent-");
  }

  /**
   * Threads of the JDK that no library can end: the HTTP clients' (Java 17's client has no close;
   * they end once the closed agent's clients are garbage, see below) and the process reaper the
   * SQLite driver's loader starts once per JVM (it ends by itself a minute later).
   */
  private static boolean jdksOwn(String name) {
    return name.startsWith("HttpClient-") || name.equals("process reaper");
  }

  @Test
  void closeEndsEveryThreadOfOursAndLeavesNoNonDaemonThread() throws Exception {
    Set<Thread> before = aliveThreads();
    VideoListener quiet = new VideoListener() {};
    VideoAgent agent =
        TestAgents.fast(VideoAgent.builder().sandbox(Duration.ofSeconds(30)).home(home))
            .listener(quiet)
            .build();
    agent.start();
    Video slow = agent.submit("Still queued when the agent closes");
    CompletableFuture<AwaitResult> pending = agent.awaitAsync(slow.id(), Duration.ofMinutes(1));
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> agent.get(slow.id()).orElseThrow().status() == VideoStatus.QUEUED);

    List<String> running = namesOfNew(before);
    assertThat(running)
        .anyMatch(n -> n.equals("videoagent-tracker"))
        .anyMatch(n -> n.startsWith("videoagent-worker-"))
        .anyMatch(n -> n.startsWith("videoagent-timer-"))
        .anyMatch(n -> n.startsWith("videoagent-events-"))
        .anyMatch(n -> n.startsWith("videoagent-sandbox-"))
        .noneMatch(n -> n.endsWith("(non-daemon)"));

    agent.close();

    // close() returns after every thread of ours has ended: the agent's, the sandbox's, the
    // gateway clients' timers.
    assertThat(namesOfNew(before))
        .noneMatch(LifecycleTest::ownThread)
        .noneMatch(n -> n.endsWith("(non-daemon)"));
    assertThat(pending).isCompletedExceptionally();
    assertThatThrownBy(pending::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(VideoAgentException.class)
        .hasMessageContaining("closed");
    assertThat(agent.isTracking()).isFalse();
    assertThatThrownBy(() -> agent.submit("too late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(agent::start).isInstanceOf(IllegalStateException.class);
    agent.close(); // a second close does nothing

    // The job was not touched by closing: the next agent on the same home finishes it.
    try (VideoAgent next = TestAgents.sandboxed(home).build()) {
      assertThat(next.get(slow.id()).orElseThrow().status()).isEqualTo(VideoStatus.QUEUED);
    }
  }

  /**
   * On Java 17 the JDK's HTTP client has no close(): its daemon threads end once the client is
   * garbage. A closed agent drops everything it held, even while the host still holds the agent.
   */
  @Test
  void theHttpClientThreadsEndOnceAClosedAgentsClientsAreGarbage() throws Exception {
    Set<Thread> before = aliveThreads();
    VideoAgent agent = TestAgents.sandboxed(home).build();
    Video job = agent.submit("Made with the HTTP clients");
    assertThat(agent.await(job.id(), Duration.ofSeconds(15)).videoOrThrow().isStored()).isTrue();
    assertThat(namesOfNew(before)).anyMatch(n -> n.startsWith("HttpClient-"));

    agent.close();

    await()
        .atMost(20, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              System.gc();
              return namesOfNew(before).stream().noneMatch(n -> n.startsWith("HttpClient-"));
            });
    assertThat(agent.toString()).startsWith("VideoAgent[closed, ");
  }

  @Test
  void anAgentThatWasNeverStartedHoldsNoThreadOfItsOwn() {
    Set<Thread> before = aliveThreads();
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      agent.submit("Stored, not tracked");
      assertThat(namesOfNew(before))
          .noneMatch(n -> n.startsWith("videoagent-tracker"))
          .noneMatch(n -> n.startsWith("videoagent-worker-"))
          .noneMatch(n -> n.startsWith("videoagent-timer-"))
          .noneMatch(n -> n.startsWith("videoagent-events-"));
    }
    assertThat(namesOfNew(before)).noneMatch(LifecycleTest::ownThread);
  }

  @Test
  void noThreadOutlivesCloseButTheJdksOwnNotEvenTheDelaySchedulerOfWatchdogs() throws Exception {
    Set<Thread> before = aliveThreads();
    VideoAgent agent = TestAgents.sandboxed(home).build();
    agent.start();
    Video job = agent.submit("Submitted, read, downloaded: every client used");
    assertThat(agent.await(job.id(), Duration.ofSeconds(15)).videoOrThrow().isStored()).isTrue();
    assertThat(namesOfNew(before)).anyMatch(n -> n.startsWith("videoagent-watchdog-"));

    agent.close();

    assertThat(namesOfNew(before).stream().filter(n -> !jdksOwn(n)))
        .as("threads alive right after close()")
        .isEmpty();
    assertThat(aliveThreads())
        .extracting(Thread::getName)
        .noneMatch(n -> n.startsWith("CompletableFutureDelayScheduler"));
  }

  @Test
  void aHostExecutorRunsTheWorkAndIsLeftRunningAfterClose() throws Exception {
    AtomicInteger hostThreads = new AtomicInteger();
    ExecutorService host =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "host-pool-" + hostThreads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      Set<Thread> before = aliveThreads();
      try (VideoAgent agent = TestAgents.sandboxed(home).executor(host).concurrency(2).build()) {
        agent.start();
        Video job = agent.submit("Tracked on the host's pool");
        assertThat(agent.await(job.id(), Duration.ofSeconds(15)).videoOrThrow().isStored())
            .isTrue();
        assertThat(namesOfNew(before)).noneMatch(n -> n.startsWith("videoagent-worker-"));
      }
      assertThat(host.isShutdown()).isFalse();
      assertThat(((ThreadPoolExecutor) host).getCompletedTaskCount()).isPositive();
      assertThat(host.submit(() -> "still mine").get(5, TimeUnit.SECONDS)).isEqualTo("still mine");
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void startIsIdempotentAndTrackingPicksUpJobsStoredBeforeIt() throws Exception {
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      Video early = agent.submit("Stored before tracking started");
      assertThat(agent.isTracking()).isFalse();

      agent.start();
      agent.start();

      await()
          .atMost(15, TimeUnit.SECONDS)
          .until(() -> agent.get(early.id()).orElseThrow().isStored());
    }
  }
}
