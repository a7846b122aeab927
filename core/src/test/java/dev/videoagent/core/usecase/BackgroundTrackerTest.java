package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.testing.InMemoryJobRepository;
import dev.videoagent.core.testing.InMemoryVideoStore;
import dev.videoagent.core.testing.ScriptedDownloader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundTrackerTest {
  /** A gateway that is slow on purpose and remembers how many calls overlapped at most. */
  private static final class SlowGateway implements VideoGateway {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Map<String, Integer> submissionsPerPrompt = new ConcurrentHashMap<>();
    final AtomicInteger ids = new AtomicInteger();

    private void busy() {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public SubmitResult submit(GatewaySubmission submission) {
      busy();
      submissionsPerPrompt.merge(submission.request().prompt(), 1, Integer::sum);
      return new SubmitResult.Accepted("r" + ids.incrementAndGet());
    }

    @Override
    public StatusResult readStatus(String gatewayRequestId) {
      busy();
      return new StatusResult.Completed(URI.create("https://cdn.example.com/" + gatewayRequestId));
    }
  }

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private BackgroundTracker tracker;

  @AfterEach
  void stop() throws Exception {
    if (tracker != null) {
      tracker.stop(Duration.ofSeconds(5));
    }
    pool.shutdownNow();
  }

  @Test
  void tracksEveryJobToTheEndOnceEachWithinTheConcurrencyCap() throws Exception {
    Clock clock = Clock.systemUTC();
    InMemoryJobRepository jobs = new InMemoryJobRepository();
    SlowGateway gateway = new SlowGateway();
    TrackingPolicy policy =
        TrackingPolicy.defaults()
            .withPolling(new PollSchedule(Duration.ofMillis(50), 1.0, Duration.ofMillis(50), 0));
    Random random = new Random(3);
    SubmitJob submit = new SubmitJob(jobs, gateway, CallbackAddress.none(), clock, policy, random);
    RefreshJob refresh =
        new RefreshJob(
            jobs,
            submit,
            gateway,
            new ScriptedDownloader(new InMemoryVideoStore()),
            clock,
            policy,
            random);
    CreateJob create = new CreateJob(jobs, new TimeOrderedIdGenerator(clock), clock, policy);
    List<String> completed = new CopyOnWriteArrayList<>();
    tracker =
        new BackgroundTracker(
            jobs,
            refresh,
            clock,
            pool,
            new BackgroundTracker.Settings(3, 1_000, Duration.ofMillis(20), 100),
            new TrackerEvents() {
              @Override
              public void changed(VideoJob before, VideoJob after) {
                if (after.status() == JobStatus.COMPLETED && after.content() != null) {
                  completed.add(after.id());
                }
              }
            });

    for (int i = 0; i < 25; i++) {
      create.create("acme", VideoRequest.of("job " + i), null);
    }
    tracker.start();
    tracker.wakeUp();

    awaitTrue(() -> jobs.all().stream().allMatch(VideoJob::isSettled), Duration.ofSeconds(20));
    assertThat(jobs.all()).allMatch(j -> j.status() == JobStatus.COMPLETED && j.content() != null);
    assertThat(gateway.submissionsPerPrompt)
        .hasSize(25)
        .allSatisfy((prompt, n) -> assertThat(n).isEqualTo(1));
    assertThat(gateway.mostAtOnce.get()).isLessThanOrEqualTo(3);
    assertThat(completed).hasSize(25).doesNotHaveDuplicates();
    assertThat(tracker.stop(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void theRateCapsCallsPerSecond() throws Exception {
    CallRate rate = new CallRate(20);
    long start = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      rate.acquire();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // 20 in the first burst, then 20 more at 20 a second: about one second at least.
    assertThat(took).isGreaterThan(Duration.ofMillis(800));
  }

  private static void awaitTrue(BooleanSupplier condition, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + within);
      }
      Thread.sleep(20);
    }
  }
}
