package dev.videoagent.embedded.internal;

import dev.videoagent.core.VideoJob;
import dev.videoagent.embedded.Video;
import dev.videoagent.embedded.VideoListener;
import dev.videoagent.embedded.VideoStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the job states that the agent's threads see into listener calls: each change once, in the
 * order of the job's versions, on one event thread. The tracker, a wait and a cancel may all see
 * the same change; the version the job had when last reported decides whether it is news.
 */
final class EventHub {
  private static final Logger log = LoggerFactory.getLogger("dev.videoagent.embedded.VideoAgent");

  /** Jobs whose last reported version is remembered; older ones are forgotten first. */
  private static final int REMEMBERED_JOBS = 10_000;

  /** Events waiting for a slow listener before new ones are dropped (and logged). */
  private static final int QUEUED_EVENTS = 10_000;

  private final List<VideoListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<VideoJob>> observers = new CopyOnWriteArrayList<>();
  private final NamedThreads threads = new NamedThreads("events");
  private final ThreadPoolExecutor delivery;
  private final Map<String, VideoJob> lastReported =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VideoJob> eldest) {
          return size() > REMEMBERED_JOBS;
        }
      };

  EventHub(List<VideoListener> initial) {
    listeners.addAll(initial);
    delivery =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED_EVENTS),
            threads,
            (task, pool) -> {
              if (!pool.isShutdown()) {
                log.warn(
                    "A VideoListener is too slow: {} events are waiting; this one was dropped.",
                    QUEUED_EVENTS);
              }
            });
    // An agent with nothing to report holds no event thread.
    delivery.allowCoreThreadTimeOut(true);
  }

  void addListener(VideoListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(VideoListener listener) {
    listeners.remove(listener);
  }

  /** Internal watchers (the asynchronous waits), told of every new state on the caller's thread. */
  void addObserver(Consumer<VideoJob> observer) {
    observers.add(observer);
  }

  /** Remembers a state without reporting it: a job just created, whose creation is no change. */
  void seen(VideoJob job) {
    synchronized (lastReported) {
      VideoJob last = lastReported.get(job.id());
      if (last == null || job.version() > last.version()) {
        lastReported.put(job.id(), job);
      }
    }
  }

  /**
   * Reports what changed from the last state reported for the job (or from {@code before} when none
   * was) to {@code after}.
   *
   * @param before the state the caller saw before, or {@code null}
   */
  void observe(VideoJob after, VideoJob before) {
    VideoJob previous;
    synchronized (lastReported) {
      VideoJob last = lastReported.get(after.id());
      if (last != null && after.version() <= last.version()) {
        return;
      }
      previous = last != null ? last : before;
      lastReported.put(after.id(), after);
      if (previous != null && !listeners.isEmpty()) {
        // Queued inside the lock so that two threads cannot queue one job's events out of order.
        queueEvents(previous, after);
      }
    }
    for (Consumer<VideoJob> observer : observers) {
      observer.accept(after);
    }
  }

  /** Runs {@code task} on the event thread, or here when that thread is gone (closing). */
  void onEventThread(Runnable task) {
    try {
      delivery.execute(task);
    } catch (RejectedExecutionException closing) {
      task.run();
    }
  }

  private void queueEvents(VideoJob previous, VideoJob after) {
    if (!after.visiblyChangedFrom(previous)) {
      return;
    }
    // Of the visible changes, listeners hear of a new status and of a stored video.
    boolean statusChanged = previous.status() != after.status();
    boolean stored = after.content() != null && !after.content().equals(previous.content());
    if (!statusChanged && !stored) {
      return;
    }
    Video video = Mapping.video(after);
    VideoStatus before = Mapping.status(previous.status());
    delivery.execute(
        () -> {
          for (VideoListener listener : listeners) {
            if (statusChanged) {
              deliver(listener, () -> listener.statusChanged(video, before));
            }
            if (stored) {
              deliver(listener, () -> listener.videoStored(video));
            }
          }
        });
  }

  private static void deliver(VideoListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // The listener's own bug: its stack trace is what its author needs.
      log.warn("The VideoListener {} threw an exception; it was ignored.", listener, e);
    }
  }

  /** Delivers what is queued, waiting at most {@code grace}, then stops the event thread. */
  void close(Duration grace) throws InterruptedException {
    delivery.shutdown();
    if (!delivery.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn(
          "VideoListeners did not finish within {}; the remaining events were dropped.", grace);
      delivery.shutdownNow();
    }
    threads.joinAll(grace);
  }
}
