package dev.videoagent.assembly.events;

import dev.videoagent.core.JobEvent;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one reader of the change record: a thread polls {@code job_events} after the last
 * seq it has (every {@code pollInterval}, or at once when {@link #wakeUp woken}), keeps the newest
 * events in memory and tells listeners that there are new ones. Readers ({@link EventCursor}) pull
 * from that window at their own pace, so a slow reader costs no memory and holds up no other; only
 * a reader behind the window (a resume from an old seq) reads the database, a page at a time.
 * Events come from the database, so a change made by another process is seen the same way as one
 * made here.
 */
public final class EventFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

  /** Events per poll; a poll that fills it polls again at once. */
  static final int POLL_BATCH = 500;

  /** Events kept in memory for readers. */
  static final int WINDOW = 10_000;

  private final JobRepository jobs;
  private final Duration pollInterval;
  private final int window;
  private final ConcurrentSkipListMap<Long, JobEvent> recent = new ConcurrentSkipListMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Object wake = new Object();

  /** Held by a poll: the feed's thread and a {@link #catchUp} can both read the record. */
  private final Object reading = new Object();

  /** Every event with a seq above this and up to {@link #position} is in {@link #recent}. */
  private volatile long floor;

  private volatile long position;
  private volatile boolean running;
  private boolean woken;
  private Thread thread;

  public EventFeed(JobRepository jobs, Duration pollInterval) {
    this(jobs, pollInterval, WINDOW);
  }

  EventFeed(JobRepository jobs, Duration pollInterval, int window) {
    this.jobs = jobs;
    this.pollInterval = pollInterval;
    this.window = window;
  }

  /** Starts reading from the newest event now recorded; idempotent. */
  public synchronized EventFeed start() {
    if (running) {
      return this;
    }
    floor = jobs.lastEventSeq();
    position = floor;
    running = true;
    thread = new Thread(this::run, "videoagent-event-feed");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** The greatest seq the feed has read. */
  public long position() {
    return position;
  }

  /** Polls at once instead of at the next interval: a change was just committed here. */
  public void wakeUp() {
    synchronized (wake) {
      woken = true;
      wake.notifyAll();
    }
  }

  /**
   * Reads, before returning and on the caller's thread, every event committed by now, for a reader
   * that must not miss the latest changes when it stops (an agent closing) rather than wait for the
   * next poll.
   */
  public void catchUp() {
    while (poll() == POLL_BATCH) {
      // A full batch: there may be more.
    }
  }

  /**
   * Called after new events arrived, on the thread that read them (the feed's, or a {@link
   * #catchUp}'s); must return quickly (schedule work, do not do it). Returns what removes it again.
   */
  public Runnable onNewEvents(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** A reader of the events matching {@code filter} after {@code afterSeq}. */
  public EventCursor cursor(EventFilter filter, long afterSeq) {
    return new EventCursor(this, filter, afterSeq);
  }

  /**
   * Up to {@code max} events matching {@code filter} after {@code after}, and the seq read up to
   * (which may be past the last event returned when others were passed over).
   */
  Page next(EventFilter filter, long after, int max) {
    long floorBefore = floor;
    if (after < floorBefore) {
      // Behind the window: a page from the database.
      int limit = Math.min(max, EventQuery.MAX_LIMIT);
      List<JobEvent> page = jobs.events(filter.query(after, limit));
      if (page.size() == limit) {
        return new Page(page, page.get(page.size() - 1).seq());
      }
      // Everything up to the floor is committed and was in the page's snapshot.
      long last = page.isEmpty() ? after : page.get(page.size() - 1).seq();
      return new Page(page, Math.max(last, floorBefore));
    }
    List<JobEvent> page = new ArrayList<>();
    long scanned = after;
    for (Map.Entry<Long, JobEvent> entry : recent.tailMap(after, false).entrySet()) {
      JobEvent event = entry.getValue();
      scanned = entry.getKey();
      if (filter.matches(event)) {
        page.add(event);
        if (page.size() == max) {
          break;
        }
      }
    }
    if (floor > after) {
      // The window moved past us while we read it: read again, from the database.
      return next(filter, after, max);
    }
    return new Page(page, scanned);
  }

  record Page(List<JobEvent> events, long readUpTo) {}

  private void run() {
    while (running) {
      try {
        int read = poll();
        if (read < POLL_BATCH) {
          idle();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The database may be briefly unavailable; readers simply wait longer.
        log.warn("Reading the change record failed; trying again: {}", e.toString());
        sleep();
      }
    }
  }

  private int poll() {
    List<JobEvent> events;
    synchronized (reading) {
      events = jobs.events(EventQuery.all(position, POLL_BATCH));
      if (events.isEmpty()) {
        return 0;
      }
      for (JobEvent event : events) {
        recent.put(event.seq(), event);
      }
      position = events.get(events.size() - 1).seq();
      while (recent.size() > window) {
        // Raise the floor before dropping, so that no reader trusts a window that lost an event.
        Long oldest = recent.firstKey();
        floor = oldest;
        recent.remove(oldest);
      }
    }
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("An event listener failed: {}", e.toString());
      }
    }
    return events.size();
  }

  private void idle() throws InterruptedException {
    synchronized (wake) {
      if (!woken && running) {
        wake.wait(pollInterval.toMillis());
      }
      woken = false;
    }
  }

  private void sleep() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      this.running = false;
      running = thread;
    }
    wakeUp();
    if (running != null) {
      try {
        running.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
