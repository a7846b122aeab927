package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.usecase.WaitForJob.Hooks;
import dev.videoagent.core.usecase.WaitForJob.PendingWait;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The one wait loop's hooks, and the same loop run without holding the caller's thread. */
class WaitForJobTest {
  private static final Duration MINUTES = Duration.ofMinutes(30);

  private final World world = new World();

  private WaitForJob napsInto(List<Duration> naps) {
    return new WaitForJob(
        world.jobs,
        world.advanceJob,
        world.clock,
        nap -> {
          naps.add(nap);
          world.clock.advance(nap);
        });
  }

  @Test
  void aHookEndsTheWaitAndTheJobGoesOn() throws Exception {
    VideoJob job = world.create("stopped by its caller");
    AtomicInteger asked = new AtomicInteger();

    WaitResult result =
        world.waitForJob.await(
            Access.operator(),
            job.id(),
            MINUTES,
            new Hooks() {
              @Override
              public boolean keepWaiting(VideoJob seen, boolean turnedAway) {
                return asked.incrementAndGet() < 3;
              }
            });

    assertThat(result).isInstanceOf(WaitResult.Stopped.class);
    VideoJob last = ((WaitResult.Stopped) result).job();
    assertThat(last.status()).isIn(JobStatus.QUEUED, JobStatus.PROCESSING);
    assertThat(asked).hasValue(3);
    assertThat(world.reload(job).status().isTerminal()).isFalse();
  }

  @Test
  void theHookIsToldWhenTheCapTurnsTheJobAwayAndOnlyThen() throws Exception {
    World capped = new World(JobPolicy.defaults().withMaxInFlight(1), CallbackAddress.none());
    capped.advanceJob.refresh(capped.create("holds the only slot"));
    VideoJob waiting = capped.create("waits for the slot");
    List<Boolean> turnedAway = new ArrayList<>();
    Hooks threeSteps =
        new Hooks() {
          @Override
          public boolean keepWaiting(VideoJob job, boolean turned) {
            turnedAway.add(turned);
            return turnedAway.size() < 3;
          }
        };

    capped.waitForJob.await(Access.operator(), waiting.id(), MINUTES, threeSteps);
    assertThat(turnedAway).containsExactly(true, true, true);

    VideoJob free = world.create("nothing in its way");
    turnedAway.clear();
    world.waitForJob.await(Access.operator(), free.id(), MINUTES, threeSteps);
    assertThat(turnedAway).containsExactly(false, false, false);
  }

  @Test
  void aWaitThatOnlyWatchesNeverAdvancesTheJobAndSeesWhatAnotherWorkerDid() throws Exception {
    world.gateway.completingEveryRead();
    VideoJob job = world.create("tracked by someone else");
    List<Duration> naps = new ArrayList<>();
    AtomicBoolean othersWork = new AtomicBoolean();
    WaitForJob waits =
        new WaitForJob(
            world.jobs,
            world.advanceJob,
            world.clock,
            nap -> {
              naps.add(nap);
              world.clock.advance(nap);
              if (othersWork.get()) {
                world.advanceDueJobs.runOnce(10);
              }
            });
    Hooks watching =
        new Hooks() {
          @Override
          public boolean drives() {
            return false;
          }

          @Override
          public Duration watchInterval() {
            return Duration.ofSeconds(1);
          }
        };

    WaitResult alone = waits.await(Access.operator(), job.id(), Duration.ofSeconds(10), watching);
    assertThat(alone).isInstanceOf(WaitResult.TimedOut.class);
    assertThat(world.gateway.submissions()).isEmpty();
    assertThat(naps).hasSize(10).allMatch(nap -> nap.equals(Duration.ofSeconds(1)));

    othersWork.set(true);
    WaitResult tracked = waits.await(Access.operator(), job.id(), MINUTES, watching);
    assertThat(tracked).isInstanceOf(WaitResult.Settled.class);
    assertThat(((WaitResult.Settled) tracked).job().content()).isNotNull();
  }

  @Test
  void everyLookIsReportedAsReadAndAsLeftAndChangesOnlyWhenUsersWouldSeeThem() throws Exception {
    VideoJob job = world.create("looked at");
    world.gateway.thenStatus(new StatusResult.Running(JobStatus.QUEUED));
    world.gateway.thenStatus(new StatusResult.Running(JobStatus.QUEUED));
    world.gateway.thenCompleted("https://cdn.example.com/looked.mp4");
    List<String> looks = new ArrayList<>();
    List<String> changes = new ArrayList<>();

    world.waitForJob.await(
        Access.operator(),
        job.id(),
        MINUTES,
        new Hooks() {
          @Override
          public void looked(VideoJob before, VideoJob after) {
            looks.add(before.status().wireName() + ">" + after.status().wireName());
          }

          @Override
          public void changed(VideoJob seen) {
            changes.add(seen.status().wireName() + (seen.content() == null ? "" : "+video"));
          }
        });

    // Also the looks between reads (the job not due yet), each as read and as left.
    assertThat(looks).hasSizeGreaterThanOrEqualTo(4).startsWith("pending>queued");
    assertThat(looks.subList(1, looks.size() - 1)).containsOnly("queued>queued");
    assertThat(looks).endsWith("queued>completed");
    assertThat(world.gateway.statusReads()).hasSize(3);
    assertThat(changes).containsExactly("queued", "completed+video");
  }

  @Test
  void theLongestNapIsTheCallersToChoose() throws Exception {
    VideoJob job = world.create("looked at often");
    List<Duration> naps = new ArrayList<>();

    napsInto(naps)
        .await(
            Access.operator(),
            job.id(),
            Duration.ofMinutes(2),
            new Hooks() {
              @Override
              public Duration longestNap() {
                return Duration.ofSeconds(2);
              }
            });

    assertThat(naps).isNotEmpty().allMatch(nap -> nap.compareTo(Duration.ofSeconds(2)) <= 0);
    List<Duration> usual = new ArrayList<>();
    napsInto(usual).await(Access.operator(), job.id(), Duration.ofMinutes(2), j -> {});
    assertThat(usual).anyMatch(nap -> nap.compareTo(Duration.ofSeconds(2)) > 0);
  }

  @Test
  void withoutATimeoutTheWaitLastsUntilTheJobsOwnDeadlineEndsIt() throws Exception {
    VideoJob job = world.create("never finishes at the gateway");

    WaitResult result =
        napsInto(new ArrayList<>()).await(Access.operator(), job.id(), null, new Hooks() {});

    assertThat(result).isInstanceOf(WaitResult.Settled.class);
    VideoJob ended = ((WaitResult.Settled) result).job();
    assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
    assertThat(world.clock.instant()).isAfterOrEqualTo(ended.deadline());
  }

  // ---------------------------------------------------------------------------------------------
  // Started without holding a thread.

  /** A scheduler whose tasks the test runs by hand, moving the fake clock to each task's time. */
  private final class ManualScheduler implements WaitForJob.Scheduler {
    private final Deque<FutureTask<?>> tasks = new ArrayDeque<>();
    private final Deque<Duration> delays = new ArrayDeque<>();
    final List<Duration> planned = new ArrayList<>();
    boolean closed;

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
      if (closed) {
        throw new RejectedExecutionException("closed");
      }
      FutureTask<?> future = new FutureTask<>(task, null);
      tasks.add(future);
      delays.add(delay);
      planned.add(delay);
      return future;
    }

    /** Runs the next task that was not cancelled; false when none is left. */
    boolean runNext() {
      while (!tasks.isEmpty()) {
        FutureTask<?> task = tasks.poll();
        Duration delay = delays.poll();
        if (!task.isCancelled()) {
          world.clock.advance(delay);
          task.run();
          return true;
        }
      }
      return false;
    }

    int runAll(int most) {
      int ran = 0;
      while (ran < most && runNext()) {
        ran++;
      }
      return ran;
    }
  }

  /** Runs each step on the test's thread, but only when handed one, and counts them. */
  private static final class CountingExecutor implements java.util.concurrent.Executor {
    final AtomicInteger steps = new AtomicInteger();
    final AtomicBoolean inside = new AtomicBoolean();
    int refusals;

    @Override
    public void execute(Runnable step) {
      if (refusals > 0) {
        refusals--;
        throw new RejectedExecutionException("busy");
      }
      steps.incrementAndGet();
      inside.set(true);
      try {
        step.run();
      } finally {
        inside.set(false);
      }
    }
  }

  private PendingWait start(
      VideoJob job, Hooks hooks, CountingExecutor steps, ManualScheduler scheduler) {
    return world.waitForJob.start(Access.operator(), job.id(), MINUTES, hooks, steps, scheduler);
  }

  @Test
  void aStartedWaitRunsEveryStepOnItsExecutorNoneOnTheCallersThread() throws Exception {
    world.gateway.completingEveryRead();
    VideoJob job = world.create("waited for asynchronously");
    CountingExecutor steps = new CountingExecutor();
    ManualScheduler scheduler = new ManualScheduler();
    List<Boolean> onExecutor = new ArrayList<>();

    PendingWait wait =
        start(
            job,
            new Hooks() {
              @Override
              public void looked(VideoJob before, VideoJob after) {
                onExecutor.add(steps.inside.get());
              }
            },
            steps,
            scheduler);

    assertThat(wait.result()).isNotDone();
    assertThat(world.gateway.submissions()).isEmpty();
    assertThat(scheduler.planned).containsExactly(Duration.ZERO);

    scheduler.runAll(20);

    assertThat(wait.result()).isCompleted();
    WaitResult result = wait.result().get();
    assertThat(result).isInstanceOf(WaitResult.Settled.class);
    assertThat(((WaitResult.Settled) result).job().content()).isNotNull();
    assertThat(onExecutor).hasSize(steps.steps.get()).hasSizeGreaterThan(1).containsOnly(true);
    assertThat(world.gateway.submissions()).hasSize(1);
  }

  @Test
  void aSettledStateSeenElsewhereEndsTheWaitAtOnce() {
    VideoJob job = world.create("finished by the tracker");
    ManualScheduler scheduler = new ManualScheduler();
    PendingWait wait = start(job, new Hooks() {}, new CountingExecutor(), scheduler);
    scheduler.runNext();

    // Another thread (the tracker, a cancel) wrote the job's last state.
    VideoJob canceled = world.jobs.update(world.reload(job).canceled(world.clock.instant())).get();
    wait.seen(world.create("another job").canceled(world.clock.instant()));
    assertThat(wait.result()).isNotDone();
    wait.seen(canceled);

    assertThat(wait.result()).isCompletedWithValue(new WaitResult.Settled(canceled));
    assertThat(scheduler.runNext()).as("the planned step was cancelled").isFalse();
  }

  @Test
  void aJobDueSoonerThanThePlannedLookIsLookedAtThen() {
    VideoJob job = world.create("expedited");
    ManualScheduler scheduler = new ManualScheduler();
    PendingWait wait = start(job, new Hooks() {}, new CountingExecutor(), scheduler);
    scheduler.runNext();
    VideoJob queued = world.reload(job);
    assertThat(scheduler.planned).last().isEqualTo(WaitForJob.LONGEST_NAP);

    // The gateway's webhook made the job due now: the wait looks now, not in five seconds.
    VideoJob due = queued.claimedUntil(world.clock.instant(), world.clock.instant());
    wait.seen(due);
    assertThat(scheduler.planned).last().isEqualTo(Duration.ZERO);

    // A job due later than planned changes nothing.
    int plans = scheduler.planned.size();
    wait.seen(queued.claimedUntil(world.clock.instant().plusSeconds(60), world.clock.instant()));
    assertThat(scheduler.planned).hasSize(plans);
  }

  @Test
  void aWaitTurnedAwayByTheCapSaysSoAndWakesUpWhenAsked() {
    World capped = new World(JobPolicy.defaults().withMaxInFlight(1), CallbackAddress.none());
    VideoJob holder = capped.create("holds the only slot");
    capped.advanceJob.refresh(holder);
    VideoJob waiting = capped.create("waits for the slot");
    ManualScheduler scheduler = new ManualScheduler();
    PendingWait wait =
        capped.waitForJob.start(
            Access.operator(),
            waiting.id(),
            MINUTES,
            new Hooks() {},
            new CountingExecutor(),
            scheduler);
    assertThat(wait.turnedAway()).isFalse();

    scheduler.runNext();
    assertThat(wait.turnedAway()).isTrue();
    assertThat(scheduler.planned).last().isEqualTo(WaitForJob.SLOT_NAP);

    new CancelJob(capped.jobs, capped.clock).cancel(Access.operator(), holder.id());
    wait.wakeUp();
    assertThat(wait.turnedAway()).isFalse();
    assertThat(scheduler.planned).last().isEqualTo(Duration.ZERO);
    scheduler.runNext();
    assertThat(capped.reload(waiting).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void aStepTheExecutorRefusesIsTriedAgainShortly() {
    VideoJob job = world.create("the pool is full");
    CountingExecutor steps = new CountingExecutor();
    steps.refusals = 1;
    ManualScheduler scheduler = new ManualScheduler();
    PendingWait wait = start(job, new Hooks() {}, steps, scheduler);

    scheduler.runNext();
    assertThat(steps.steps).hasValue(0);
    assertThat(scheduler.planned).containsExactly(Duration.ZERO, WaitForJob.SHORTEST_NAP);
    scheduler.runNext();
    assertThat(steps.steps).hasValue(1);
    assertThat(wait.result()).isNotDone();
  }

  @Test
  void aStepThatThrowsOrAClosedSchedulerEndsTheWaitExceptionally() {
    VideoJob job = world.create("the key is refused");
    world.gateway.thenSubmitThrows(new IllegalStateException("database gone"));
    ManualScheduler scheduler = new ManualScheduler();
    PendingWait failed = start(job, new Hooks() {}, new CountingExecutor(), scheduler);
    scheduler.runNext();
    assertThatThrownBy(() -> failed.result().get())
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("database gone");

    ManualScheduler closed = new ManualScheduler();
    closed.closed = true;
    PendingWait refused =
        start(world.create("too late"), new Hooks() {}, new CountingExecutor(), closed);
    assertThatThrownBy(() -> refused.result().get())
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("scheduler was closed");
  }

  @Test
  void cancellingTheResultEndsTheWaitAndItsPlannedStep() {
    VideoJob job = world.create("no longer wanted");
    CountingExecutor steps = new CountingExecutor();
    ManualScheduler scheduler = new ManualScheduler();
    PendingWait wait = start(job, new Hooks() {}, steps, scheduler);
    scheduler.runNext();

    wait.result().cancel(false);
    wait.wakeUp();

    assertThat(scheduler.runAll(5)).isZero();
    assertThat(steps.steps).hasValue(1);
  }

  /**
   * A gateway whose submit blocks until released, as a slow HTTP call does; an interrupt while it
   * blocks abandons the call, as the JDK's HTTP client does, leaving it ambiguous.
   */
  private static final class SlowSubmits implements VideoGateway {
    final CountDownLatch submitting = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> submitters = new ArrayList<>();

    @Override
    public SubmitResult submit(GatewaySubmission submission) {
      synchronized (this) {
        submitters.add(Thread.currentThread().getName());
      }
      submitting.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          return new SubmitResult.NotTaken(GatewayTrouble.UNAVAILABLE, "never released", null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new SubmitResult.Ambiguous("the call was abandoned midway");
      }
      return new SubmitResult.Accepted("req-slow");
    }

    @Override
    public StatusResult readStatus(String gatewayRequestId) {
      return new StatusResult.Running(JobStatus.PROCESSING);
    }
  }

  @Test
  void interruptingTheCallerOfAStartedWaitLeavesItsSubmissionWhole() throws Exception {
    SlowSubmits gateway = new SlowSubmits();
    Random random = new Random(5);
    SubmitJob submit =
        new SubmitJob(
            world.jobs, gateway, CallbackAddress.none(), world.clock, world.policy, random);
    AdvanceJob refresh =
        new AdvanceJob(
            world.jobs, submit, gateway, world.downloader, world.clock, world.policy, random);
    WaitForJob waits =
        new WaitForJob(
            world.jobs,
            refresh,
            world.clock,
            nap -> {
              throw new AssertionError("a started wait never sleeps on a thread");
            });
    VideoJob job = world.create("submitted slowly, awaited impatiently");
    ExecutorService workers =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "videoagent-test-worker"));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch answered = new CountDownLatch(1);
    AtomicReference<Throwable> callerSaw = new AtomicReference<>();
    try {
      Thread caller =
          new Thread(
              () -> {
                PendingWait wait =
                    waits.start(
                        Access.operator(),
                        job.id(),
                        MINUTES,
                        new Hooks() {
                          @Override
                          public void looked(VideoJob before, VideoJob after) {
                            answered.countDown();
                          }
                        },
                        workers,
                        (task, delay) ->
                            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
                try {
                  wait.result().get();
                } catch (InterruptedException e) {
                  callerSaw.set(e);
                  wait.result().cancel(false);
                } catch (ExecutionException e) {
                  callerSaw.set(e);
                }
              },
              "caller");
      caller.start();
      assertThat(gateway.submitting.await(10, TimeUnit.SECONDS)).isTrue();

      caller.interrupt();
      caller.join(10_000);
      gateway.release.countDown();
      assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(callerSaw.get()).isInstanceOf(InterruptedException.class);
      assertThat(gateway.submitters).containsExactly("videoagent-test-worker");
      VideoJob after = world.reload(job);
      assertThat(after.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(after.error()).isNull();
      assertThat(after.attempt()).isEqualTo(1);
    } finally {
      workers.shutdownNow();
      timer.shutdownNow();
    }
  }
}
