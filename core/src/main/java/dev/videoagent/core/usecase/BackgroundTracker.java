package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks jobs continuously: a loop reads due jobs from the database (never a list kept in memory)
 * and hands each to a bounded pool of workers that advance it with {@link AdvanceJob}. Each round
 * takes the work that needs no in-flight slot first (status reads, downloads, crash recovery,
 * deadlines), however many pending jobs wait, and then the submission queue in creation order, only
 * as far as slots are free: a pending job is never picked just to be turned away. Gateway calls
 * take a token of the calls-per-second rate just before they are made, so work that makes no call
 * spends none. Idle, it sleeps until {@link #wakeUp()} (a new job, a gateway webhook, a worker that
 * finished) or the idle poll.
 *
 * <p>It also watches itself: when jobs that could move have not for a while, or the most overdue
 * one is very late, it tells its host once ({@link TrackerListener#stalled}), and once again when
 * they move ({@link TrackerListener#recovered}); {@link #status()} gives the figures at any time.
 *
 * <p>Between rounds it also keeps the change record short ({@link PruneEvents}).
 *
 * <p>Many trackers (processes, service instances) may share one database: the core's claims keep
 * any job from being worked on twice, and the atomic cap keeps the slots exact.
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

  /** How often the loop judges its own health (it also does when asked, by {@link #status()}). */
  static final Duration SELF_CHECK_INTERVAL = Duration.ofSeconds(5);

  private final JobRepository jobs;
  private final AdvanceJob advanceJob;
  private final Clock clock;
  private final ExecutorService workers;
  private final Settings settings;
  private final TrackerListener events;
  private final Semaphore slots;
  private final PruneEvents pruneEvents;
  private final Set<String> inHand = ConcurrentHashMap.newKeySet();

  /** Jobs a worker left as they were (turned away, failed): not picked again before the nanos. */
  private final Map<String, Long> resting = new ConcurrentHashMap<>();

  private final AtomicInteger submissionsInHand = new AtomicInteger();
  private final AtomicInteger working = new AtomicInteger();
  private final Object wake = new Object();
  private volatile boolean running;
  private volatile boolean woken;
  private volatile String gatewayTrouble;
  private volatile TrackerStatus.Trouble lastTrouble;
  private volatile Instant trackingSince;
  private volatile Instant lastProgressAt;
  private volatile TrackerStatus lastStatus;
  private Instant nextSelfCheck = Instant.MIN;
  private boolean reportedStall;
  private Thread loop;

  /**
   * @param advanceJob advances jobs; the tracker makes its gateway calls through a rate-limited
   *     copy of it
   * @param workers runs the refreshes; the tracker never has more than {@code concurrency} of them
   *     queued or running, so a small fixed pool fits
   * @param events told of changes and trouble
   */
  public BackgroundTracker(
      JobRepository jobs,
      AdvanceJob advanceJob,
      Clock clock,
      ExecutorService workers,
      Settings settings,
      TrackerListener events) {
    this(
        jobs,
        advanceJob,
        clock,
        workers,
        settings,
        events,
        new CallRate(settings.callsPerSecond()));
  }

  /**
   * As above, with the call rate given: {@link CallRate#shared} when several processes share the
   * gateway, so that together they keep to {@code settings.callsPerSecond()}.
   */
  public BackgroundTracker(
      JobRepository jobs,
      AdvanceJob advanceJob,
      Clock clock,
      ExecutorService workers,
      Settings settings,
      TrackerListener events,
      CallRate rate) {
    this.jobs = jobs;
    this.advanceJob = advanceJob.rateLimited(rate);
    this.clock = clock;
    this.workers = workers;
    this.settings = settings;
    this.events = events;
    this.slots = new Semaphore(settings.concurrency());
    this.pruneEvents = new PruneEvents(jobs, clock);
  }

  /** Starts the loop on its own daemon thread. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    trackingSince = clock.instant();
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

  /**
   * The figures, read from the database now, and the verdict on them.
   *
   * @throws RuntimeException when the database does not answer (see {@link #lastStatus()})
   */
  public TrackerStatus status() {
    Instant now = clock.instant();
    TrackerStatus status =
        TrackerStatus.assess(
            now,
            running,
            busy(),
            jobs.backlog(now),
            advanceJob.maxInFlight(),
            trackingSince,
            lastProgressAt,
            lastTrouble,
            gatewayTrouble,
            advanceJob.creditHold().state().orElse(null));
    lastStatus = status;
    return status;
  }

  /** The status measured last (by the loop or by {@link #status()}), or null before the first. */
  public TrackerStatus lastStatus() {
    return lastStatus;
  }

  /** Jobs being worked on right now. */
  public int busy() {
    return working.get();
  }

  /** Why the gateway cannot be used right now (a refused key), or null. */
  public String gatewayTrouble() {
    return gatewayTrouble;
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
    boolean finished =
        slots.tryAcquire(settings.concurrency(), grace.toMillis(), TimeUnit.MILLISECONDS);
    if (finished) {
      // Nothing takes work any more; give the permits back so that a second stop returns at once.
      slots.release(settings.concurrency());
    }
    return finished;
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(30));
  }

  private void runLoop() {
    while (running) {
      try {
        long started = System.nanoTime();
        int dispatched = round();
        selfCheck();
        pruneEvents.runIfDue();
        if (dispatched == 0) {
          idle();
          restUntil(started + roundGap().toNanos());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The database may be briefly unavailable; the loop must outlive that.
        lastTrouble = new TrackerStatus.Trouble("a tracking round failed: " + e, clock.instant());
        events.roundFailed(e);
        sleepQuietly(settings.idlePoll());
      }
    }
  }

  /**
   * One round: the work that needs no slot, then as many submissions as slots are free.
   *
   * @return the jobs handed to workers
   */
  private int round() throws InterruptedException {
    int dispatched = 0;
    for (VideoJob job : jobs.findDueWork(clock.instant(), settings.batch())) {
      Dispatch result = dispatch(job, false);
      if (result == Dispatch.STOPPED) {
        return dispatched;
      }
      dispatched += result == Dispatch.HANDED_OVER ? 1 : 0;
    }
    // Submissions handed to workers but not finished may not have their attempt mark yet: count
    // them as taken, so that this round never picks a job the cap would turn away.
    int free = Math.min(settings.batch(), advanceJob.freeSlots() - submissionsInHand.get());
    free = CreditHold.submissionsAllowed(advanceJob.creditHold(), free);
    if (free < 1 || !running) {
      return dispatched;
    }
    for (VideoJob job : jobs.findSubmissionQueue(clock.instant(), free)) {
      Dispatch result = dispatch(job, true);
      if (result == Dispatch.STOPPED) {
        return dispatched;
      }
      dispatched += result == Dispatch.HANDED_OVER ? 1 : 0;
    }
    return dispatched;
  }

  private enum Dispatch {
    HANDED_OVER,
    SKIPPED,
    STOPPED
  }

  private Dispatch dispatch(VideoJob job, boolean submission) throws InterruptedException {
    if (!running) {
      return Dispatch.STOPPED;
    }
    if (isResting(job.id()) || !inHand.add(job.id())) {
      return Dispatch.SKIPPED;
    }
    // Waits for a free worker, judging its own health meanwhile: workers stuck on slow calls are
    // exactly what a stalled tracker looks like from outside.
    while (!slots.tryAcquire(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS)) {
      if (!running) {
        inHand.remove(job.id());
        return Dispatch.STOPPED;
      }
      selfCheck();
    }
    if (submission) {
      submissionsInHand.incrementAndGet();
    }
    working.incrementAndGet();
    try {
      workers.execute(() -> work(job, submission));
      return Dispatch.HANDED_OVER;
    } catch (RejectedExecutionException e) {
      finished(job, submission);
      running = false;
      return Dispatch.STOPPED;
    }
  }

  private void work(VideoJob job, boolean submission) {
    boolean moved = false;
    try {
      VideoJob after = advanceJob.refresh(job);
      gatewayTrouble = null;
      // A new version means someone wrote the job: this worker, or a process that got there first.
      moved = after.version() != job.version();
      if (moved) {
        lastProgressAt = clock.instant();
      }
      if (after.visiblyChangedFrom(job)) {
        events.changed(job, after);
      }
    } catch (GatewayAuthenticationException e) {
      gatewayTrouble = e.getMessage();
      lastTrouble = new TrackerStatus.Trouble(e.getMessage(), clock.instant());
      events.jobFailed(job, e);
    } catch (RuntimeException e) {
      lastTrouble =
          new TrackerStatus.Trouble(
              "could not advance job " + job.id() + ": " + e, clock.instant());
      events.jobFailed(job, e);
    } finally {
      if (moved) {
        resting.remove(job.id());
      } else {
        // Left as it was (another process took the last slot, or the refresh failed): without a
        // rest the next round would pick it straight away, and again, in a busy loop.
        resting.put(job.id(), System.nanoTime() + settings.idlePoll().toNanos());
      }
      finished(job, submission);
      if (moved) {
        // A slot or a worker may have freed up: look for the next job now, not at the idle poll.
        wakeUp();
      }
    }
  }

  private boolean isResting(String id) {
    Long until = resting.get(id);
    if (until == null) {
      return false;
    }
    if (System.nanoTime() - until < 0) {
      return true;
    }
    resting.remove(id, until);
    return false;
  }

  private void finished(VideoJob job, boolean submission) {
    working.decrementAndGet();
    if (submission) {
      submissionsInHand.decrementAndGet();
    }
    inHand.remove(job.id());
    slots.release();
  }

  /** Judges health now and then, and tells the host when it turns bad or good again. */
  private void selfCheck() {
    Instant now = clock.instant();
    if (now.isBefore(nextSelfCheck)) {
      return;
    }
    nextSelfCheck = now.plus(SELF_CHECK_INTERVAL);
    long nanos = System.nanoTime();
    resting.values().removeIf(until -> nanos - until >= 0);
    TrackerStatus status;
    try {
      status = status();
    } catch (RuntimeException e) {
      // The database did not answer; the round itself reports that.
      return;
    }
    if (!status.isOk() && !reportedStall) {
      reportedStall = true;
      events.stalled(status);
    } else if (status.isOk() && reportedStall) {
      reportedStall = false;
      events.recovered(status);
    }
  }

  /**
   * The least time from the start of a round that handed nothing over to the next round, however
   * often the tracker is woken meanwhile (a wake in the gap is kept, and served when it ends);
   * never more than the idle poll. Every create wakes the tracker: with the gateway's slots full
   * and a thousand creates a second, it ran back-to-back rounds that found nothing it could do, two
   * queries each, about 7 % of the service's CPU. A round that hands work over is followed at once.
   */
  static final Duration ROUND_GAP = Duration.ofMillis(20);

  private Duration roundGap() {
    return ROUND_GAP.compareTo(settings.idlePoll()) < 0 ? ROUND_GAP : settings.idlePoll();
  }

  private void restUntil(long deadlineNanos) throws InterruptedException {
    synchronized (wake) {
      long left;
      while (running && (left = deadlineNanos - System.nanoTime()) > 0) {
        wake.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
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
}
