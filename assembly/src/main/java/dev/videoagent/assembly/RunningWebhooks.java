package dev.videoagent.assembly;

import dev.videoagent.core.usecase.DispatchWebhooks;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's webhook dispatcher: one thread looping over {@link DispatchWebhooks} rounds, and a
 * fixed pool that makes the sends. Everything it knows is in the database, so stopping it (or
 * killing the process) loses nothing: a claimed delivery whose outcome was not recorded is sent
 * again once its lease ends.
 */
public final class RunningWebhooks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunningWebhooks.class);

  private final DaemonThreads loopThreads = new DaemonThreads("webhooks");
  private final DaemonThreads sendThreads = new DaemonThreads("webhook-send");
  private final ExecutorService sends;
  private final DispatchWebhooks.Factory dispatch;
  private final Duration idle;
  private Thread loop;
  private volatile boolean stopping;

  RunningWebhooks(DispatchWebhooks.Factory dispatch, int concurrency, Duration idle) {
    this.sends = Executors.newFixedThreadPool(concurrency, sendThreads);
    this.dispatch = dispatch;
    this.idle = idle;
  }

  /** Starts the loop; a second call does nothing. */
  public synchronized RunningWebhooks start() {
    if (loop == null && !stopping) {
      DispatchWebhooks rounds =
          dispatch.on(sends, e -> log.warn("Webhook dispatch: {}", e.toString()));
      loop = loopThreads.newThread(() -> run(rounds));
      loop.start();
    }
    return this;
  }

  public synchronized boolean running() {
    return loop != null && loop.isAlive();
  }

  private void run(DispatchWebhooks rounds) {
    Duration pause = idle;
    while (!stopping) {
      try {
        if (rounds.runOnce() == 0) {
          Thread.sleep(idle.toMillis());
        }
        pause = idle;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The database is away: try again, less and less often, up to a few seconds.
        log.warn("Webhook dispatch failed, retrying in {}: {}", pause, e.toString());
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException stop) {
          return;
        }
        pause =
            pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                ? Duration.ofSeconds(5)
                : pause.multipliedBy(2);
      }
    }
  }

  /** Stops the loop and waits for sends in flight, at most {@code grace}. */
  public boolean stop(Duration grace) {
    Thread running;
    synchronized (this) {
      stopping = true;
      running = loop;
    }
    if (running != null) {
      running.interrupt();
    }
    sends.shutdown();
    try {
      boolean ended = sends.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        sends.shutdownNow();
      }
      return loopThreads.joinAll(grace) && ended;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sends.shutdownNow();
      return false;
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
