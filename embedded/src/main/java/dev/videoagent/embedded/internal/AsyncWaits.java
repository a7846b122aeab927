package dev.videoagent.embedded.internal;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.WaitForJob;
import dev.videoagent.core.usecase.WaitForJob.PendingWait;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The agent's waits, each the core's {@link WaitForJob} started on the agent's workers and timer,
 * so no wait holds a thread and no gateway call runs on a caller's thread. While the tracker runs,
 * a wait only watches: it completes from the tracker's change events at once, and re-reads the job
 * now and then in case another process finished it. Without a tracker, the wait drives its job
 * itself, and a job of this agent that finishes (and so may free an in-flight slot) wakes the
 * oldest wait whose job the cap turned away.
 */
final class AsyncWaits {
  private final WaitForJob waitForJob;
  private final Access access;
  private final EventHub events;
  private final Executor workers;
  private final BooleanSupplier tracking;
  private final WaitForJob.Hooks hooks;
  private final NamedThreads threads = new NamedThreads("timer");
  private final ScheduledThreadPoolExecutor timer;
  private final Set<PendingWait> waits = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param tracking whether the agent's tracker runs (then waits only watch)
   * @param watchInterval how often a watching wait re-reads its job
   */
  AsyncWaits(
      WaitForJob waitForJob,
      Access access,
      EventHub events,
      Executor workers,
      BooleanSupplier tracking,
      Duration watchInterval) {
    this.waitForJob = waitForJob;
    this.access = access;
    this.events = events;
    this.workers = workers;
    this.tracking = tracking;
    this.hooks =
        new WaitForJob.Hooks() {
          @Override
          public boolean drives() {
            return !tracking.getAsBoolean();
          }

          @Override
          public void looked(VideoJob before, VideoJob after) {
            events.observe(after, before);
          }

          @Override
          public Duration watchInterval() {
            return watchInterval;
          }
        };
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
   * with what a step threw (a refused key, a database fault) or when the agent closes.
   */
  CompletableFuture<WaitResult> await(String id, Duration timeout) {
    if (closed) {
      return CompletableFuture.failedFuture(closedFault(id));
    }
    PendingWait wait =
        waitForJob.start(
            access,
            id,
            timeout,
            hooks,
            workers,
            (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
    waits.add(wait);
    wait.result().whenComplete((result, error) -> waits.remove(wait));
    return wait.result();
  }

  /**
   * A new state of a job, seen by any of the agent's threads: the waits for it take note (it may
   * have settled, or become due sooner), and a finished job wakes the oldest wait turned away by
   * the cap.
   */
  private void changed(VideoJob job) {
    if (job.status().isTerminal() && !tracking.getAsBoolean()) {
      // Job ids are time-ordered: the oldest waiting job goes first, as the tracker would send it.
      waits.stream()
          .filter(PendingWait::turnedAway)
          .min(Comparator.comparing(PendingWait::jobId))
          .ifPresent(PendingWait::wakeUp);
    }
    for (PendingWait wait : waits) {
      wait.seen(job);
    }
  }

  private static IllegalStateException closedFault(String id) {
    return new IllegalStateException(
        "The VideoAgent was closed before the wait for " + id + " ended.");
  }

  /** Ends every wait (exceptionally: the agent is closing) and stops the timer. */
  void close(Duration grace) throws InterruptedException {
    closed = true;
    for (PendingWait wait : waits) {
      wait.result().completeExceptionally(closedFault(wait.jobId()));
    }
    timer.shutdownNow();
    timer.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    threads.joinAll(grace);
  }
}
