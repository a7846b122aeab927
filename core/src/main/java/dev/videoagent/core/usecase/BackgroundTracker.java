package dev.videoagent.core.usecase;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tracks jobs continuously: a loop reads due jobs from the database (never a list kept in memory),
 * hands each to a bounded pool of workers that advance it with {@link RefreshJob}, under a cap on
 * concurrent gateway calls and a calls-per-second rate. Idle, it sleeps until the next job could be
 * due or until {@link #wakeUp()} (a new job, a gateway webhook).
 *
 * <p>Many trackers (processes, service instances) may share one database: the core's claims keep
 * any job from being worked on twice.
 */
public final class BackgroundTracker implements AutoCloseable {
  /** How a tracker runs. */
  public record Settings(int concurrency, double callsPerSecond, Duration idlePoll, int batch) {
    public Settings {
      if (concurrency < 1 || batch < 1) {
        throw new IllegalArgumentException("concurrency and batch must be at least 1");
      }
      Objects.requireNonNull(idlePoll, "idlePoll");
    }

    public static Settings defaults() {
      return new Settings(8, 5.0, Duration.ofSeconds(1), 100);
    }
  }

  private final JobRepository jobs;
  private final RefreshJob refreshJob;
  private final Clock clock;
  private final ExecutorService workers;
  private final Settings settings;
  private final TrackerEvents events;
  private final Semaphore slots;
  private final CallRate rate;
  private final Set<String> inHand = ConcurrentHashMap.newKeySet();
  private final Object wake = new Object();
  private final AtomicReference<Instant> oldestDueSeen = new AtomicReference<>();
  private volatile boolean running;
  private volatile boolean woken;
  private volatile String lastTrouble;
  private Thread loop;

  /**
   * @param workers runs the refreshes; the tracker never has more than {@code concurrency} of them
   *     queued or running, so a small fixed pool fits
   * @param events told of changes and trouble
   */
  public BackgroundTracker(
      JobRepository jobs,
      RefreshJob refreshJob,
      Clock clock,
      ExecutorService workers,
      Settings settings,
      TrackerEvents events) {
    this.jobs = jobs;
    this.refreshJob = refreshJob;
    this.clock = clock;
    this.workers = workers;
    this.settings = settings;
    this.events = events;
    this.slots = new Semaphore(settings.concurrency());
    this.rate = new CallRate(settings.callsPerSecond());
  }

  /** Starts the loop on its own daemon thread. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    loop = new Thread(this::runLoop, "videoagent-tracker");
    loop.setDaemon(true);
    loop.start();
  }

  /** Looks for due work at once instead of at the next idle poll. */
  public void wakeUp() {
    synchronized (wake) {
      woken = true;
      wake.notifyAll();
    }
  }

  /** How late the most overdue job seen in the last round was; zero when none was late. */
  public Duration lag() {
    Instant oldest = oldestDueSeen.get();
    if (oldest == null) {
      return Duration.ZERO;
    }
    Duration late = Duration.between(oldest, clock.instant());
    return late.isNegative() ? Duration.ZERO : late;
  }

  /** Jobs being worked on right now. */
  public int busy() {
    return inHand.size();
  }

  /** The last reason the gateway could not be used (a refused key), or null. */
  public String lastTrouble() {
    return lastTrouble;
  }

  /**
   * Stops taking new work and waits up to {@code grace} for refreshes under way (gateway calls
   * already sent are let finish, so their answers are recorded).
   *
   * @return true when every refresh finished in time
   */
  public boolean stop(Duration grace) throws InterruptedException {
    synchronized (this) {
      running = false;
    }
    wakeUp();
    if (loop != null) {
      loop.join(grace.toMillis());
    }
    return slots.tryAcquire(settings.concurrency(), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(30));
  }

  private void runLoop() {
    while (running) {
      try {
        int dispatched = round();
        if (dispatched == 0) {
          idle();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The database may be briefly unavailable; the loop must outlive that.
        events.roundFailed(e);
        sleepQuietly(settings.idlePoll());
      }
    }
  }

  private int round() throws InterruptedException {
    List<VideoJob> due = jobs.findDue(clock.instant(), settings.batch());
    oldestDueSeen.set(due.stream().map(VideoJob::nextCheckAt).min(Instant::compareTo).orElse(null));
    int dispatched = 0;
    // Jobs at the gateway first, so one finishing frees an in-flight slot for a pending one.
    for (boolean pendingPass : new boolean[] {false, true}) {
      for (VideoJob job : due) {
        if ((job.status() == JobStatus.PENDING) != pendingPass || !running) {
          continue;
        }
        if (!inHand.add(job.id())) {
          continue;
        }
        slots.acquire();
        rate.acquire();
        if (!dispatch(job)) {
          return dispatched;
        }
        dispatched++;
      }
    }
    return dispatched;
  }

  private boolean dispatch(VideoJob job) {
    try {
      workers.execute(() -> work(job));
      return true;
    } catch (RejectedExecutionException e) {
      inHand.remove(job.id());
      slots.release();
      running = false;
      return false;
    }
  }

  private void work(VideoJob job) {
    try {
      VideoJob after = refreshJob.refresh(job);
      lastTrouble = null;
      if (changed(job, after)) {
        events.changed(job, after);
      }
    } catch (GatewayAuthenticationException e) {
      lastTrouble = e.getMessage();
      events.jobFailed(job, e);
    } catch (RuntimeException e) {
      events.jobFailed(job, e);
    } finally {
      inHand.remove(job.id());
      slots.release();
    }
  }

  private void idle() throws InterruptedException {
    synchronized (wake) {
      if (!woken && running) {
        wake.wait(settings.idlePoll().toMillis());
      }
      woken = false;
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean changed(VideoJob before, VideoJob after) {
    return before.status() != after.status()
        || !Objects.equals(before.content(), after.content())
        || !Objects.equals(before.error(), after.error());
  }
}
