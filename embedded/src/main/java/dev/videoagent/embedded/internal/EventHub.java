package dev.videoagent.embedded.internal;

import dev.videoagent.assembly.events.EventCursor;
import dev.videoagent.assembly.events.EventFeed;
import dev.videoagent.assembly.events.EventFilter;
import dev.videoagent.assembly.json.JsonEventPayloads;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.embedded.Video;
import dev.videoagent.embedded.VideoEvent;
import dev.videoagent.embedded.VideoEventType;
import dev.videoagent.embedded.VideoListener;
import dev.videoagent.embedded.VideoStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners of the change record's events for the agent's tenant, read from the process's
 * {@link EventFeed} (so changes made by other processes are told too), each once and in the
 * record's order, on one event thread. It also tells the agent's own asynchronous waits of every
 * new job state its threads see, at once, and wakes the feed when such a state is news, so that
 * listeners hear of this agent's changes without waiting for the feed's next poll.
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

  /** Events read from the record per turn of the event thread. */
  private static final int BATCH = 100;

  private final EventFeed feed;
  private final JobRepository jobs;
  private final String tenant;
  private final JsonEventPayloads payloads = new JsonEventPayloads();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Map<String, JobStatus> lastStatus =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobStatus> eldest) {
          return size() > REMEMBERED_JOBS;
        }
      };

  /** Read from the feed only once someone listens: an agent without listeners reads nothing. */
  private EventCursor cursor;

  private Runnable stopReading = () -> {};

  EventHub(List<VideoListener> initial, EventFeed feed, JobRepository jobs, String tenant) {
    this.feed = feed;
    this.jobs = jobs;
    this.tenant = tenant;
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
    initial.forEach(this::addListener);
  }

  synchronized void addListener(VideoListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    if (cursor == null) {
      EventFeed started = feed.start();
      cursor = started.cursor(EventFilter.tenant(tenant), started.position());
      stopReading = started.onNewEvents(this::drainSoon);
    }
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
    }
    if (previous != null && after.visiblyChangedFrom(previous) && !listeners.isEmpty()) {
      // The change is committed: the feed reads it now rather than at its next poll.
      feed.wakeUp();
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

  /** Reads the new events on the event thread; one read at a time, however often woken. */
  private void drainSoon() {
    if (draining.compareAndSet(false, true)) {
      try {
        delivery.execute(
            () -> {
              draining.set(false);
              drain();
            });
      } catch (RejectedExecutionException closing) {
        draining.set(false);
      }
    }
  }

  private void drain() {
    EventCursor reading;
    synchronized (this) {
      reading = cursor;
    }
    try {
      List<JobEvent> events;
      while (!(events = reading.next(BATCH)).isEmpty()) {
        events.forEach(this::tell);
      }
    } catch (RuntimeException e) {
      // The database did not answer; the next new event reads on from the same place.
      log.warn("Could not read the change record for VideoListeners: {}", e.toString());
    }
  }

  private void drainToNow() {
    try {
      feed.catchUp();
    } catch (RuntimeException e) {
      log.warn("Could not read the latest changes for VideoListeners: {}", e.toString());
    }
    drain();
  }

  private void tell(JobEvent event) {
    Optional<VideoJob> current = jobs.findById(event.jobId());
    if (current.isEmpty()) {
      return;
    }
    Video video =
        payloads
            .jobOf(event.payload())
            .map(view -> Mapping.video(view, current.get()))
            .orElseGet(() -> Mapping.video(current.get()));
    VideoEvent told =
        new VideoEvent(
            event.eventId(),
            event.seq(),
            VideoEventType.valueOf(event.type().name()),
            event.occurredAt(),
            video);
    Optional<JobStatus> reached = statusReached(event.type());
    VideoStatus before = reached.map(status -> Mapping.status(previousStatus(event))).orElse(null);
    reached.ifPresent(status -> lastStatus.put(event.jobId(), status));
    for (VideoListener listener : listeners) {
      deliver(listener, () -> listener.onEvent(told));
      if (before != null) {
        deliver(listener, () -> listener.statusChanged(video, before));
      }
      if (event.type() == JobEventType.STORED) {
        deliver(listener, () -> listener.videoStored(video));
      }
    }
  }

  private static Optional<JobStatus> statusReached(JobEventType type) {
    return type == JobEventType.STORED
        ? Optional.empty()
        : Optional.of(JobStatus.valueOf(type.name()));
  }

  /** The job's status before this event: from its last event told here, else from the record. */
  private JobStatus previousStatus(JobEvent event) {
    JobStatus known = lastStatus.get(event.jobId());
    if (known != null) {
      return known;
    }
    JobStatus before = JobStatus.PENDING;
    for (JobEvent earlier : jobs.events(EventQuery.job(event.jobId(), 0, EventQuery.MAX_LIMIT))) {
      if (earlier.seq() >= event.seq()) {
        break;
      }
      before = statusReached(earlier.type()).orElse(JobStatus.COMPLETED);
    }
    return before;
  }

  private static void deliver(VideoListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // The listener's own bug: its stack trace is what its author needs.
      log.warn("The VideoListener {} threw an exception; it was ignored.", listener, e);
    }
  }

  /**
   * Reads the record one last time, so that listeners hear every change committed before the close
   * (the feed may not have announced the latest yet), delivers what is queued, waiting at most
   * {@code grace}, then stops the event thread.
   */
  void close(Duration grace) throws InterruptedException {
    boolean listening;
    synchronized (this) {
      stopReading.run();
      listening = cursor != null;
    }
    if (listening) {
      onEventThread(this::drainToNow);
    }
    delivery.shutdown();
    if (!delivery.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn(
          "VideoListeners did not finish within {}; the remaining events were dropped.", grace);
      delivery.shutdownNow();
    }
    threads.joinAll(grace);
  }
}
