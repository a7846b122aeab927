package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.testing.ForwardingJobRepository;
import dev.videoagent.core.testing.InMemoryJobRepository;
import dev.videoagent.core.testing.InMemoryVideoStore;
import dev.videoagent.core.testing.MutableClock;
import dev.videoagent.core.testing.ScriptedDownloader;
import dev.videoagent.core.testing.ScriptedGateway;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
    JobPolicy policy =
        JobPolicy.defaults()
            .withPolling(new PollSchedule(Duration.ofMillis(50), 1.0, Duration.ofMillis(50), 0));
    Random random = new Random(3);
    SubmitJob submit = new SubmitJob(jobs, gateway, CallbackAddress.none(), clock, policy, random);
    AdvanceJob refresh =
        new AdvanceJob(
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
            new TrackerListener() {
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

  /** The in-memory repository, counting what the tracker asks of it. */
  private static final class CountingJobs extends ForwardingJobRepository {
    final InMemoryJobRepository jobs;
    final AtomicInteger queueReads = new AtomicInteger();
    final AtomicInteger dueReads = new AtomicInteger();
    final AtomicInteger marks = new AtomicInteger();
    final AtomicInteger turnedAway = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();

    CountingJobs() {
      this(new InMemoryJobRepository());
    }

    private CountingJobs(InMemoryJobRepository jobs) {
      super(jobs);
      this.jobs = jobs;
    }

    @Override
    public List<VideoJob> findDueWork(Instant now, int limit) {
      dueReads.incrementAndGet();
      return jobs.findDueWork(now, limit);
    }

    @Override
    public List<VideoJob> findSubmissionQueue(Instant now, int limit) {
      queueReads.incrementAndGet();
      return jobs.findSubmissionQueue(now, limit);
    }

    @Override
    public SubmissionMark markSubmission(VideoJob marked, int maxInFlight) {
      marks.incrementAndGet();
      SubmissionMark mark = jobs.markSubmission(marked, maxInFlight);
      if (mark instanceof SubmissionMark.CapReached) {
        turnedAway.incrementAndGet();
      }
      mostInFlight.accumulateAndGet((int) jobs.countInFlight(), Math::max);
      return mark;
    }
  }

  /** A tracker over fakes and a clock the test moves, with the cap and the rate it is given. */
  private final class Rig {
    final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    final CountingJobs jobs = new CountingJobs();
    final ScriptedGateway gateway = new ScriptedGateway().completingEveryRead();
    final CallRate rate = new CallRate(1_000_000);
    final JobPolicy policy;
    final AdvanceJob refresh;
    final CreateJob create;
    final List<String> events = new CopyOnWriteArrayList<>();

    Rig(int maxInFlight, int concurrency, VideoGateway gatewayOrNull) {
      this(maxInFlight, concurrency, gatewayOrNull, Duration.ofMillis(20));
    }

    Rig(int maxInFlight, int concurrency, VideoGateway gatewayOrNull, Duration idlePoll) {
      VideoGateway gatewayToUse = gatewayOrNull == null ? gateway : gatewayOrNull;
      policy = JobPolicy.defaults().withMaxInFlight(maxInFlight);
      Random random = new Random(5);
      SubmitJob submit =
          new SubmitJob(jobs, gatewayToUse, CallbackAddress.none(), clock, policy, random);
      refresh =
          new AdvanceJob(
              jobs,
              submit,
              gatewayToUse,
              new ScriptedDownloader(new InMemoryVideoStore()),
              clock,
              policy,
              random);
      create = new CreateJob(jobs, new TimeOrderedIdGenerator(clock), clock, policy);
      tracker =
          new BackgroundTracker(
              jobs,
              refresh,
              clock,
              pool,
              new BackgroundTracker.Settings(concurrency, 1, idlePoll, 100),
              new TrackerListener() {
                @Override
                public void stalled(TrackerStatus status) {
                  events.add("stalled: " + status.health());
                }

                @Override
                public void recovered(TrackerStatus status) {
                  events.add("recovered: " + status.health());
                }
              },
              rate);
    }

    List<VideoJob> createJobs(int count) {
      List<VideoJob> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        created.add(create.create("acme", VideoRequest.of("job " + i), null).job());
        clock.advance(Duration.ofMillis(2));
      }
      return created;
    }

    boolean allSettled() {
      return jobs.jobs.all().stream().allMatch(VideoJob::isSettled);
    }

    /** Lets the tracker run while time passes a second at a time, until {@code done}. */
    void runUntil(BooleanSupplier done) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!done.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("not done within 30 s: " + jobs.jobs.countByStatus());
        }
        clock.advance(Duration.ofSeconds(1));
        tracker.wakeUp();
        Thread.sleep(5);
      }
    }
  }

  @Test
  void wokenOverAndOverWithNothingToDoItRunsAtMostARoundPerGap() throws Exception {
    Rig rig = new Rig(10, 4, null, Duration.ofSeconds(5));
    tracker.start();
    Thread.sleep(100);
    int before = rig.jobs.dueReads.get();
    long start = System.nanoTime();
    long wakes = 0;
    // As a burst of creates does: a wake-up for each, far more often than the gap.
    while (System.nanoTime() - start < Duration.ofMillis(500).toNanos()) {
      tracker.wakeUp();
      wakes++;
    }
    long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    int rounds = rig.jobs.dueReads.get() - before;

    assertThat(wakes).isGreaterThan(10_000);
    assertThat(rounds)
        .as("%d wake-ups in %d ms", wakes, elapsedMillis)
        .isPositive()
        .isLessThanOrEqualTo((int) (elapsedMillis / BackgroundTracker.ROUND_GAP.toMillis()) + 3);
  }

  @Test
  void aWakeAfterAQuietSpellIsServedAtOnceNotAtTheIdlePoll() throws Exception {
    Rig rig = new Rig(10, 4, null, Duration.ofSeconds(30));
    tracker.start();
    Thread.sleep(300);
    rig.createJobs(1);
    long start = System.nanoTime();
    tracker.wakeUp();

    awaitTrue(() -> rig.gateway.submissions().size() == 1, Duration.ofSeconds(10));
    // Far inside the 30 s idle poll: the gap only spaces rounds that come close together.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void pendingJobsBeyondTheBatchNeverStarveTheJobsAtTheGateway() throws Exception {
    Rig rig = new Rig(10, 4, null);
    rig.createJobs(150);
    tracker.start();

    rig.runUntil(rig::allSettled);

    assertThat(rig.jobs.jobs.all())
        .allMatch(j -> j.status() == JobStatus.COMPLETED && j.content() != null);
    assertThat(rig.gateway.submissions())
        .extracting(s -> s.request().prompt())
        .hasSize(150)
        .doesNotHaveDuplicates();
    assertThat(rig.jobs.mostInFlight.get()).isLessThanOrEqualTo(10);
    // The tracker asked only for as many submissions as slots were free: none was turned away.
    assertThat(rig.jobs.turnedAway).hasValue(0);
    // Only real gateway calls took a token of the rate.
    assertThat(rig.rate.granted())
        .isEqualTo(rig.gateway.submissions().size() + rig.gateway.statusReads().size());
  }

  @Test
  void pendingJobsGoOutInTheOrderTheyWereCreated() throws Exception {
    Rig rig = new Rig(3, 1, null);
    List<String> created = rig.createJobs(40).stream().map(j -> j.request().prompt()).toList();
    tracker.start();

    rig.runUntil(rig::allSettled);

    assertThat(rig.gateway.submissions())
        .extracting(s -> s.request().prompt())
        .containsExactlyElementsOf(created);
  }

  @Test
  void whileAnotherProcessHoldsEverySlotNoPendingJobIsPickedAndNoTokenSpent() throws Exception {
    Rig rig = new Rig(10, 4, null);
    List<VideoJob> held = new ArrayList<>();
    for (VideoJob job : rig.createJobs(10)) {
      Instant now = rig.clock.instant();
      // Another process's submissions under way: marked, claimed for an hour.
      held.add(
          rig.jobs.update(job.submissionStarted(now, now.plus(Duration.ofHours(1)))).orElseThrow());
    }
    rig.createJobs(20);
    tracker.start();
    Thread.sleep(300);

    assertThat(rig.jobs.queueReads).hasValue(0);
    assertThat(rig.jobs.marks).hasValue(0);
    assertThat(rig.gateway.submissions()).isEmpty();
    assertThat(rig.rate.granted()).isZero();

    // The other process finishes its ten: the slots free up and the queue drains.
    for (VideoJob job : held) {
      rig.jobs
          .update(
              rig.jobs
                  .findById(job.id())
                  .orElseThrow()
                  .failedAtGateway("gone", rig.clock.instant()))
          .orElseThrow();
    }
    rig.runUntil(rig::allSettled);
    assertThat(rig.gateway.submissions()).hasSize(20);
    assertThat(rig.rate.granted())
        .isEqualTo(rig.gateway.submissions().size() + rig.gateway.statusReads().size());
  }

  @Test
  void aStalledTrackerSaysSoOnceAndOnceAgainWhenJobsMoveAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    VideoGateway hanging =
        new VideoGateway() {
          @Override
          public SubmitResult submit(GatewaySubmission submission) {
            return new SubmitResult.Accepted("r-" + submission.request().prompt());
          }

          @Override
          public StatusResult readStatus(String gatewayRequestId) {
            reads.incrementAndGet();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new StatusResult.Completed(URI.create("https://cdn.example.com/x.mp4"));
          }
        };
    Rig rig = new Rig(10, 1, hanging);
    List<VideoJob> created = rig.createJobs(3);
    created.forEach(rig.refresh::refresh);
    rig.clock.advance(Duration.ofSeconds(6));
    tracker.start();
    // The one worker hangs on the first read; the other two jobs are due and cannot move.
    awaitTrue(() -> reads.get() == 1, Duration.ofSeconds(10));
    rig.clock.advance(Duration.ofMinutes(2));

    awaitTrue(() -> !rig.events.isEmpty(), Duration.ofSeconds(10));
    TrackerStatus stalled = tracker.status();
    assertThat(stalled.health()).isEqualTo(TrackerStatus.Health.STALLED);
    assertThat(stalled.reason()).contains("have not moved");
    assertThat(stalled.busy()).isEqualTo(1);
    assertThat(stalled.lag()).isGreaterThan(Duration.ofMinutes(1));

    release.countDown();
    awaitTrue(rig::allSettled, Duration.ofSeconds(10));
    rig.clock.advance(Duration.ofSeconds(10));
    tracker.wakeUp();
    awaitTrue(() -> rig.events.size() == 2, Duration.ofSeconds(10));
    Thread.sleep(100);

    assertThat(rig.events).containsExactly("stalled: STALLED", "recovered: OK");
    assertThat(tracker.status().lastProgressIfAny()).isPresent();
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
