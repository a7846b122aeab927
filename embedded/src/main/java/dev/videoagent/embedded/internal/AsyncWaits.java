package dev.videoagent.embedded.internal;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.RefreshJob;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Waits for jobs without holding a thread per wait. While the tracker runs, a wait only watches: it
 * completes from the tracker's change events at once, and re-reads the job now and then in case
 * another process finished it. Without a tracker, the wait drives its job itself, as {@code
 * WaitForJob} does: each check advances the job when it is due and sleeps until its next check.
 */
final class AsyncWaits {
  /** A job held by another worker is looked at again after this at the earliest: never a spin. */
  static final Duration SHORTEST_NAP = Duration.ofMillis(250);

  /** Checks the database at least this often while driving, for changes by other processes. */
  static final Duration LONGEST_NAP = Duration.ofSeconds(5);

  /**
   * A driven job that the in-flight cap turned away looks again after this, unless a job of this
   * agent settles first and frees a slot: then the oldest such wait is woken at once.
   */
  static final Duration SLOT_NAP = Duration.ofSeconds(2);

  private final Access access;
  private final GetJob getJob;
  private final RefreshJob refreshJob;
  private final EventHub events;
  private final Clock clock;
  private final Executor workers;
  private final BooleanSupplier tracking;
  private final Duration watchInterval;
  private final NamedThreads threads = new NamedThreads("timer");
  private final ScheduledThreadPoolExecutor timer;
  private final Set<Wait> waits = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  AsyncWaits(
      Access access,
      GetJob getJob,
      RefreshJob refreshJob,
      EventHub events,
      Clock clock,
      Executor workers,
      BooleanSupplier tracking,
      Duration watchInterval) {
    this.access = access;
    this.getJob = getJob;
    this.refreshJob = refreshJob;
    this.events = events;
    this.clock = clock;
    this.workers = workers;
    this.tracking = tracking;
    this.watchInterval = watchInterval;
    this.timer = new ScheduledThreadPoolExecutor(1, threads);
    timer.setRemoveOnCancelPolicy(true);
    // An agent with no pending wait holds no timer thread.
    timer.setKeepAliveTime(30, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    events.addObserver(this::changed);
  }

  /**
   * Starts waiting for {@code id}. The future completes with the core's result, or exceptionally
   * with what a check threw (a refused key, a database fault) or when the agent closes.
   */
  CompletableFuture<WaitResult> await(String id, Duration timeout) {
    Wait wait = new Wait(id, clock.instant().plus(timeout));
    if (closed) {
      wait.future.completeExceptionally(closedFault(id));
      return wait.future;
    }
    waits.add(wait);
    wait.future.whenComplete(
        (result, error) -> {
          waits.remove(wait);
          ScheduledFuture<?> next = wait.next;
          if (next != null) {
            next.cancel(false);
          }
        });
    // Through the timer, so that even the first check never runs on the caller's thread.
    schedule(wait, Duration.ZERO);
    return wait.future;
  }

  /**
   * A new state of a job, seen by any of the agent's threads: completes the waits for it when it
   * settled, wakes a driving wait earlier when the job became due sooner than the wait meant to
   * look (another worker submitted it, say), and when a job finished (and so may have freed an
   * in-flight slot) wakes the oldest wait whose job the cap turned away.
   */
  private void changed(VideoJob job) {
    if (job.status().isTerminal() && !tracking.getAsBoolean()) {
      wakeOldestTurnedAway();
    }
    for (Wait wait : waits) {
      if (!wait.id.equals(job.id())) {
        continue;
      }
      if (job.isSettled()) {
        wait.future.complete(new WaitResult.Settled(job));
      } else if (!wait.checking && !tracking.getAsBoolean() && job.nextCheckAt() != null) {
        Instant now = clock.instant();
        Instant due = job.nextCheckAt().isBefore(now) ? now : job.nextCheckAt();
        Instant planned = wait.nextAt;
        if (planned != null && due.plus(SHORTEST_NAP).isBefore(planned)) {
          schedule(wait, Duration.between(now, due));
        }
      }
    }
  }

  /** Runs on the timer thread: hands the check to the workers, never runs it here. */
  /** Job ids are time-ordered: the oldest waiting job goes first, as the tracker would send it. */
  private void wakeOldestTurnedAway() {
    Wait oldest = null;
    for (Wait wait : waits) {
      if (wait.turnedAway
          && !wait.checking
          && (oldest == null || wait.id.compareTo(oldest.id) < 0)) {
        oldest = wait;
      }
    }
    if (oldest != null) {
      oldest.turnedAway = false;
      schedule(oldest, Duration.ZERO);
    }
  }

  private void runCheck(Wait wait, long generation) {
    if (closed || wait.future.isDone() || wait.generation.get() != generation) {
      return;
    }
    try {
      workers.execute(() -> check(wait, generation));
    } catch (RejectedExecutionException busy) {
      // A full pool refuses work; try again shortly rather than fail the wait.
      schedule(wait, SHORTEST_NAP);
    }
  }

  private void check(Wait wait, long generation) {
    if (wait.future.isDone() || closed || wait.generation.get() != generation) {
      return;
    }
    wait.checking = true;
    try {
      Optional<VideoJob> found = getJob.get(access, wait.id);
      if (found.isEmpty()) {
        wait.future.complete(new WaitResult.NotFound(wait.id));
        return;
      }
      VideoJob job = found.get();
      boolean driving = !tracking.getAsBoolean();
      if (driving) {
        VideoJob after = refreshJob.refresh(job);
        events.observe(after, job);
        job = after;
      } else {
        events.observe(job, null);
      }
      if (job.isSettled()) {
        wait.future.complete(new WaitResult.Settled(job));
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(wait.giveUpAt)) {
        wait.future.complete(new WaitResult.TimedOut(job));
        return;
      }
      // Still due after driving it: the cap turned it away (it keeps its place in line).
      wait.turnedAway = driving && job.waitsForSlot() && job.isDue(now);
      schedule(wait, nap(job, now, wait.giveUpAt, driving));
    } catch (RuntimeException e) {
      wait.future.completeExceptionally(e);
    } finally {
      wait.checking = false;
    }
  }

  private Duration nap(VideoJob job, Instant now, Instant giveUpAt, boolean driving) {
    Instant wake;
    if (!driving || job.nextCheckAt() == null) {
      wake = now.plus(watchInterval);
    } else if (job.waitsForSlot() && job.isDue(now)) {
      wake = now.plus(SLOT_NAP);
    } else {
      wake = job.nextCheckAt();
    }
    if (wake.isAfter(giveUpAt)) {
      wake = giveUpAt;
    }
    Duration nap = Duration.between(now, wake);
    if (nap.compareTo(LONGEST_NAP) > 0) {
      return LONGEST_NAP;
    }
    Duration shortest = driving ? SHORTEST_NAP : Duration.ZERO;
    return nap.compareTo(shortest) < 0 ? shortest : nap;
  }

  /**
   * Plans the wait's next check, replacing any planned before: each plan has a new generation, and
   * a check of an older one does nothing, so one wait never has two chains of checks.
   */
  private void schedule(Wait wait, Duration delay) {
    if (closed || wait.future.isDone()) {
      return;
    }
    long generation = wait.generation.incrementAndGet();
    ScheduledFuture<?> previous = wait.next;
    if (previous != null) {
      previous.cancel(false);
    }
    try {
      wait.nextAt = clock.instant().plus(delay);
      wait.next =
          timer.schedule(() -> runCheck(wait, generation), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      wait.future.completeExceptionally(closedFault(wait.id));
    }
  }

  private static IllegalStateException closedFault(String id) {
    return new IllegalStateException(
        "The VideoAgent was closed before the wait for " + id + " ended.");
  }

  /** Ends every wait (exceptionally: the agent is closing) and stops the timer. */
  void close(Duration grace) throws InterruptedException {
    closed = true;
    for (Wait wait : waits) {
      wait.future.completeExceptionally(closedFault(wait.id));
    }
    timer.shutdownNow();
    timer.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    threads.joinAll(grace);
  }

  /** One caller's wait. */
  private static final class Wait {
    final String id;
    final Instant giveUpAt;
    final CompletableFuture<WaitResult> future = new CompletableFuture<>();
    final AtomicLong generation = new AtomicLong();
    volatile ScheduledFuture<?> next;
    volatile Instant nextAt;
    volatile boolean checking;
    volatile boolean turnedAway;

    Wait(String id, Instant giveUpAt) {
      this.id = id;
      this.giveUpAt = giveUpAt;
    }
  }
}
