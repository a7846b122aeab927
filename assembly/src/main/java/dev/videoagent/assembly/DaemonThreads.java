package dev.videoagent.assembly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes daemon threads named {@code videoagent-<role>-<n>}, so that a host can tell them apart, and
 * remembers them, so that closing can wait until they have really ended.
 */
public class DaemonThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();
  private final List<Thread> made = new ArrayList<>();

  public DaemonThreads(String role) {
    this.prefix = "videoagent-" + role + "-";
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + count.incrementAndGet());
    // A host that forgets close() must still be able to exit.
    thread.setDaemon(true);
    synchronized (made) {
      made.removeIf(t -> t.getState() == Thread.State.TERMINATED);
      made.add(thread);
    }
    return thread;
  }

  /**
   * Waits until every thread made here has ended, at most {@code grace} in all.
   *
   * @return true when all ended in time
   */
  public boolean joinAll(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    List<Thread> threads;
    synchronized (made) {
      threads = new ArrayList<>(made);
    }
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      if (thread != Thread.currentThread()) {
        thread.join(Math.max(1, left / 1_000_000));
      }
    }
    return threads.stream().noneMatch(t -> t != Thread.currentThread() && t.isAlive());
  }
}
