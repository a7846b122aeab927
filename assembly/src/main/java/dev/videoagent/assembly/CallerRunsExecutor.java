package dev.videoagent.assembly;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The worker pool as the core's tracker sees it. The tracker stops tracking for good at the first
 * task its pool refuses, so a refused task runs on the tracker's own loop thread instead (the
 * tracker never has more than its concurrency of tasks out, so this is rare: a full host pool).
 * Shutting this view down only stops handing out work; the pool behind it is closed by its owner.
 */
final class CallerRunsExecutor extends AbstractExecutorService {
  private final ExecutorService pool;
  private volatile boolean shutdown;

  CallerRunsExecutor(ExecutorService pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("tracking has stopped");
    }
    try {
      pool.execute(task);
    } catch (RejectedExecutionException full) {
      if (pool.isShutdown()) {
        throw full;
      }
      task.run();
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
