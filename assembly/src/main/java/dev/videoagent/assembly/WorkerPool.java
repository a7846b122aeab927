package dev.videoagent.assembly;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that advance jobs (gateway calls, downloads) for the background tracker, and in the
 * library also the checks of asynchronous waits: daemons named {@code videoagent-worker-N}, as many
 * as the tracker's concurrency, which leave after {@link #KEEP_ALIVE} without work, so an idle
 * process holds none. Or a pool the host application supplies, which stays the host's.
 */
public final class WorkerPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /** How long an idle worker thread stays. */
  public static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

  /** After the grace period, how long interrupted workers get to record what they know. */
  public static final Duration INTERRUPT_WAIT = Duration.ofSeconds(2);

  /**
   * How the pool is made, for comparing callers.
   *
   * @param threads worker threads at most (0 for a host's pool)
   * @param queue tasks that may wait for a thread
   * @param hostExecutor whether the host application supplied the pool
   */
  public record Plan(int threads, int queue, Duration keepAlive, boolean hostExecutor) {
    /** A pool of our own for {@code concurrency} jobs at once. */
    static Plan own(int concurrency) {
      // The tracker never has more than its concurrency of tasks out; the waits' checks are
      // short. A full queue refuses: the tracker's view then runs the task on the tracker's
      // thread, and a wait tries again a moment later.
      return new Plan(concurrency, concurrency * 4 + 16, KEEP_ALIVE, false);
    }

    static Plan host() {
      return new Plan(0, 0, Duration.ZERO, true);
    }
  }

  private final ExecutorService pool;
  private final DaemonThreads threads;
  private final CallerRunsExecutor trackerView;
  private final Plan plan;
  private volatile boolean closed;

  private WorkerPool(ExecutorService pool, DaemonThreads threads, Plan plan) {
    this.pool = pool;
    this.threads = threads;
    this.trackerView = new CallerRunsExecutor(pool);
    this.plan = plan;
  }

  /** A pool of our own for {@code concurrency} jobs at once. */
  static WorkerPool own(int concurrency) {
    Plan plan = Plan.own(concurrency);
    DaemonThreads threads = new DaemonThreads("worker");
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            plan.threads(),
            plan.threads(),
            plan.keepAlive().toMillis(),
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(plan.queue()),
            threads,
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return new WorkerPool(pool, threads, plan);
  }

  /** The host's pool; closing this leaves it running. */
  static WorkerPool host(ExecutorService executor) {
    return new WorkerPool(Objects.requireNonNull(executor, "executor"), null, Plan.host());
  }

  /** The pool itself, for work other than the tracker's. */
  public ExecutorService executor() {
    return pool;
  }

  /**
   * The pool as the core's tracker sees it: a task the pool refuses runs on the tracker's own
   * thread, since the tracker stops for good at the first refusal.
   */
  ExecutorService forTracker() {
    return trackerView;
  }

  public Plan plan() {
    return plan;
  }

  /**
   * Stops taking work and lets tasks under way finish for up to {@code grace}, then interrupts the
   * rest and gives them {@link #INTERRUPT_WAIT} to record their outcome (an interrupted submit is
   * recorded as {@code submission_unknown}, never sent again). Returns once our threads have ended.
   * A host's pool is only no longer handed work. Idempotent.
   *
   * @return true when everything finished within the grace period
   */
  public boolean close(Duration grace) {
    trackerView.shutdown();
    if (closed || threads == null) {
      closed = true;
      return true;
    }
    closed = true;
    pool.shutdown();
    boolean clean;
    try {
      clean = pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      if (!clean) {
        pool.shutdownNow();
        if (!pool.awaitTermination(INTERRUPT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("Some gateway calls were still running at shutdown; their jobs resume later.");
        }
      }
      threads.joinAll(INTERRUPT_WAIT);
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      clean = false;
    }
    return clean;
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }
}
