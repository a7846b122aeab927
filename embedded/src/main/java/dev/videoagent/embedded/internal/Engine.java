package dev.videoagent.embedded.internal;

import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.HttpMediaDownloader;
import dev.videoagent.adapters.http.MediaDownloadConfig;
import dev.videoagent.adapters.http.PixazoGatewayConfig;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.adapters.persistence.Dialect;
import dev.videoagent.adapters.persistence.FileVideoStore;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.Sleeper;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CancelJob.CancelResult;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.CreateJob.CreateResult;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.DownloadVideo.VideoResult;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.PollSchedule;
import dev.videoagent.core.usecase.RefreshJob;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.RetryJob.RetryResult;
import dev.videoagent.core.usecase.SubmitJob;
import dev.videoagent.core.usecase.TrackerEvents;
import dev.videoagent.core.usecase.TrackerStatus;
import dev.videoagent.core.usecase.TrackingPolicy;
import dev.videoagent.core.usecase.WaitForJob;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import dev.videoagent.embedded.VideoListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core, the gateway client, the repository and the store, wired in plain Java exactly as the
 * service's Guice modules wire them ({@code dev.videoagent.api.wiring.CoreModule}), plus the
 * background tracker, the event hub and the asynchronous waits. Owns everything it opened and
 * closes it in reverse order.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.videoagent.embedded.VideoAgent");

  /** A crashed process's unfinished downloads older than this are removed at start. */
  private static final Duration STALE_PARTS = Duration.ofHours(6);

  /** Due jobs the tracker reads per round (the service's default). */
  private static final int TRACKER_BATCH = 100;

  /** Growth and jitter of the polling schedule between the first read and the longest interval. */
  private static final double POLL_GROWTH = 1.5;

  private static final double POLL_JITTER = 0.1;

  private final AgentSettings settings;
  private final Access access;
  private final Database database;
  private final SandboxGateway sandbox;
  private final String gatewayDescription;
  private final CreateJob createJob;
  private final GetJob getJob;
  private final ListJobs listJobs;
  private final CancelJob cancelJob;
  private final RetryJob retryJob;
  private final DownloadVideo downloadVideo;
  private final BackgroundTracker tracker;
  private final ExecutorService workers;
  private final NamedThreads workerThreads;
  private final EventHub events;
  private final AsyncWaits waits;
  private volatile boolean tracking;
  private volatile boolean closed;

  private Engine(AgentSettings settings, Database database, SandboxGateway sandbox, Wiring w) {
    this.settings = settings;
    this.access = Access.tenant(settings.tenant());
    this.database = database;
    this.sandbox = sandbox;
    this.gatewayDescription = w.gatewayDescription;
    this.createJob = w.createJob;
    this.getJob = w.getJob;
    this.listJobs = w.listJobs;
    this.cancelJob = w.cancelJob;
    this.retryJob = w.retryJob;
    this.downloadVideo = w.downloadVideo;
    this.workerThreads = w.workerThreads;
    this.workers = w.workers;
    this.events = new EventHub(settings.listeners());
    TroubleLog trouble = new TroubleLog(log);
    this.tracker =
        new BackgroundTracker(
            w.jobs,
            w.refreshJob,
            w.clock,
            new TrackerExecutor(workers),
            new BackgroundTracker.Settings(
                settings.concurrency(),
                settings.callsPerSecond(),
                settings.idlePoll(),
                TRACKER_BATCH),
            new Events(events, trouble));
    this.waits =
        new AsyncWaits(
            new WaitForJob(w.jobs, w.refreshJob, w.clock, Sleeper.system()),
            access,
            events,
            workers,
            () -> tracking,
            settings.idlePoll());
  }

  /**
   * Opens the database, the store and (when asked) the sandbox, and wires the core over them.
   * Whatever was opened is closed again when a later step fails.
   *
   * @throws IllegalArgumentException when a setting is unusable (a malformed database URL)
   * @throws IllegalStateException when the database or the sandbox cannot be opened
   * @throws UncheckedIOException when the video folder cannot be prepared
   */
  public static Engine open(AgentSettings settings) {
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      SandboxGateway sandbox = null;
      PixazoGatewayConfig gatewayConfig;
      if (settings.sandbox()) {
        sandbox =
            SandboxGateway.start(
                SandboxConfig.defaults().withCompletionDelay(settings.sandboxCompletionDelay()));
        opened.push(sandbox);
        gatewayConfig = PixazoGatewayConfig.of(sandbox.baseUrl(), sandbox.apiKey());
      } else {
        gatewayConfig = PixazoGatewayConfig.of(settings.baseUrl(), settings.apiKey());
      }
      Database database =
          settings.dataSource() != null
              ? Database.open(settings.dataSource(), dialectOf(settings.dataSource()))
              : Database.open(settings.databaseUrl());
      opened.push(database);
      Wiring wiring = new Wiring(settings, database.jobs(), gatewayConfig);
      if (wiring.ownsWorkers()) {
        opened.push(wiring.workers::shutdownNow);
      }
      wiring.removeStaleParts();
      Engine engine = new Engine(settings, database, sandbox, wiring);
      log.debug("VideoAgent ready: {}", engine);
      return engine;
    } catch (IOException e) {
      closeAll(opened);
      throw new UncheckedIOException("could not start the gateway sandbox: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      closeAll(opened);
      throw e;
    }
  }

  private static void closeAll(Deque<AutoCloseable> opened) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        log.warn("could not close what was opened: {}", e.toString());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operations, in the core's terms; VideoAgent translates them.

  public CreateResult create(VideoRequest request, String idempotencyKey) {
    CreateResult result = createJob.create(settings.tenant(), request, idempotencyKey);
    if (result instanceof CreateResult.Created) {
      events.seen(result.job());
      wakeTracker();
    }
    return result;
  }

  public Optional<VideoJob> get(String id) {
    return getJob.get(access, id);
  }

  public JobPage list(JobStatus status, int limit, String afterId) {
    return listJobs.list(access, status, limit, afterId);
  }

  public CancelResult cancel(String id) {
    Optional<VideoJob> before = get(id);
    CancelResult result = cancelJob.cancel(access, id);
    if (result instanceof CancelResult.Canceled) {
      events.observe(((CancelResult.Canceled) result).job(), before.orElse(null));
    }
    return result;
  }

  public RetryResult retry(String id) {
    Optional<VideoJob> before = get(id);
    RetryResult result = retryJob.retry(access, id);
    if (result instanceof RetryResult.Retried) {
      events.observe(((RetryResult.Retried) result).job(), before.orElse(null));
      wakeTracker();
    }
    return result;
  }

  /**
   * Waits for the job to settle. With the tracker running the wait is woken by its events; without,
   * the agent's workers advance the job as {@code WaitForJob} does for the command line. The
   * calling thread only waits: it never makes a gateway call itself, because an interrupt during a
   * submit makes the HTTP client abandon it, and a submission abandoned midway must be recorded as
   * {@code submission_unknown} (it may have been billed).
   *
   * @throws GatewayAuthenticationException when the gateway refuses the key while driving
   * @throws InterruptedException when this thread is interrupted (the job goes on)
   */
  public WaitResult await(String id, Duration timeout) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting for " + id);
    }
    CompletableFuture<WaitResult> future = waits.await(id, timeout);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      throw e;
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (CancellationException e) {
      throw new IllegalStateException("the wait for " + id + " was canceled", e);
    }
  }

  /** As {@link #await}, without holding the caller's thread. */
  public CompletableFuture<WaitResult> awaitAsync(String id, Duration timeout) {
    return waits.await(id, timeout);
  }

  /**
   * The job's stored video; downloads it now when the job is completed but its video is missing.
   */
  public VideoResult open(String id) {
    Optional<VideoJob> before = get(id);
    VideoResult result = downloadVideo.open(access, id, true);
    if (result instanceof VideoResult.Available) {
      events.observe(((VideoResult.Available) result).job(), before.orElse(null));
    } else if (result instanceof VideoResult.NotReady) {
      events.observe(((VideoResult.NotReady) result).job(), before.orElse(null));
    }
    return result;
  }

  public void addListener(VideoListener listener) {
    events.addListener(listener);
  }

  public void removeListener(VideoListener listener) {
    events.removeListener(listener);
  }

  /** Runs {@code task} on the event thread, where listeners run. */
  public void onEventThread(Runnable task) {
    events.onEventThread(task);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle.

  /** Starts background tracking; a second call does nothing. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("The VideoAgent is closed; build a new one.");
    }
    if (!tracking) {
      tracker.start();
      tracking = true;
    }
  }

  public boolean tracking() {
    return tracking;
  }

  /**
   * How tracking stands, measured from the database now.
   *
   * @throws RuntimeException when the database does not answer
   */
  public TrackerStatus trackerStatus() {
    return tracker.status();
  }

  public boolean closed() {
    return closed;
  }

  private void wakeTracker() {
    if (tracking) {
      tracker.wakeUp();
    }
  }

  /**
   * Stops tracking (letting gateway calls under way finish, within the grace), ends pending waits,
   * stops the agent's threads and closes the database and the sandbox. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Duration grace = settings.shutdownGrace();
    boolean interrupted = false;
    if (tracking) {
      try {
        if (!tracker.stop(grace)) {
          log.warn("Gateway calls were still under way after {}; they were left to finish.", grace);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      tracking = false;
    }
    try {
      waits.close(grace);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (workerThreads != null) {
      workers.shutdown();
      try {
        if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          workers.shutdownNow();
        }
        workerThreads.joinAll(grace);
      } catch (InterruptedException e) {
        workers.shutdownNow();
        interrupted = true;
      }
    }
    try {
      events.close(grace);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    quietly(database::close, "the database");
    if (sandbox != null) {
      quietly(sandbox::close, "the gateway sandbox");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void quietly(Runnable close, String what) {
    try {
      close.run();
    } catch (RuntimeException e) {
      log.warn("Could not close {}: {}", what, e.toString());
    }
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new IllegalStateException(cause);
  }

  @Override
  public String toString() {
    return "VideoAgent[tenant="
        + settings.tenant()
        + ", gateway="
        + gatewayDescription
        + ", database="
        + database
        + ", home="
        + settings.home()
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** What the tracker reports: changes to the hub, trouble to the log as single lines. */
  private static final class Events implements TrackerEvents {
    private final EventHub hub;
    private final TroubleLog trouble;

    Events(EventHub hub, TroubleLog trouble) {
      this.hub = hub;
      this.trouble = trouble;
    }

    @Override
    public void changed(VideoJob before, VideoJob after) {
      hub.observe(after, before);
    }

    @Override
    public void jobFailed(VideoJob job, RuntimeException error) {
      if (error instanceof GatewayAuthenticationException) {
        trouble.warn(error.getMessage());
        return;
      }
      trouble.warn("Could not advance the video job " + job.id() + ": " + error);
      log.debug("Could not advance the video job {}", job.id(), error);
    }

    @Override
    public void stalled(TrackerStatus status) {
      // Once per episode (the tracker says so once), never once per job.
      log.warn("Video jobs are not moving as they should: {}", status.reason());
    }

    @Override
    public void recovered(TrackerStatus status) {
      log.info(
          "Video jobs are moving again: the most overdue is {} s late, {} wait for a slot.",
          status.lag().toSeconds(),
          status.waitingForSlot());
    }

    @Override
    public void roundFailed(RuntimeException error) {
      trouble.warn("The job database did not answer; tracking goes on: " + error.getMessage());
      log.debug("A tracking round failed", error);
    }
  }

  /**
   * The plain-Java equivalent of the service's {@code CoreModule}: the same clock (milliseconds, as
   * the database keeps them), ids, policy and use cases.
   */
  private static final class Wiring {
    final Clock clock;
    final JobRepository jobs;
    final FileVideoStore store;
    final RefreshJob refreshJob;
    final CreateJob createJob;
    final GetJob getJob;
    final ListJobs listJobs;
    final CancelJob cancelJob;
    final RetryJob retryJob;
    final DownloadVideo downloadVideo;
    final ExecutorService workers;
    final NamedThreads workerThreads;
    final String gatewayDescription;

    Wiring(AgentSettings settings, JobRepository jobs, PixazoGatewayConfig gatewayConfig) {
      this.clock = Clock.tick(settings.clock(), Duration.ofMillis(1));
      this.jobs = jobs;
      this.store = new FileVideoStore(settings.home().resolve("videos"), clock);
      // Shared by every worker thread, so it must be thread-safe: each thread draws from its own.
      RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
      TrackingPolicy policy =
          TrackingPolicy.defaults()
              .withMaxInFlight(settings.maxInFlight())
              .withDeadline(settings.jobDeadline())
              .withPolling(
                  new PollSchedule(
                      settings.firstPoll(), POLL_GROWTH, settings.maxPoll(), POLL_JITTER));
      VideoGateway gateway = FeignVideoGateway.create(gatewayConfig);
      this.gatewayDescription = gatewayConfig.baseUrl().toString();
      HttpMediaDownloader downloader =
          new HttpMediaDownloader(
              store, MediaDownloadConfig.defaults().withMaxBytes(settings.maxDownloadBytes()));
      // The embedded agent has no public URL for the gateway's webhook: jobs are polled.
      SubmitJob submitJob =
          new SubmitJob(jobs, gateway, CallbackAddress.none(), clock, policy, random);
      this.refreshJob = new RefreshJob(jobs, submitJob, gateway, downloader, clock, policy, random);
      this.createJob =
          new CreateJob(jobs, new TimeOrderedIdGenerator(clock, new SecureRandom()), clock, policy);
      this.getJob = new GetJob(jobs);
      this.listJobs = new ListJobs(jobs);
      this.cancelJob = new CancelJob(jobs, clock);
      this.retryJob = new RetryJob(jobs, clock, policy);
      this.downloadVideo = new DownloadVideo(jobs, refreshJob, store, clock);
      if (settings.hostExecutor() != null) {
        this.workerThreads = null;
        this.workers = settings.hostExecutor();
      } else {
        this.workerThreads = new NamedThreads("worker");
        ThreadPoolExecutor pool =
            new ThreadPoolExecutor(
                settings.concurrency(),
                settings.concurrency(),
                30,
                TimeUnit.SECONDS,
                // The tracker never has more than its concurrency of tasks out; the waits' checks
                // are short. A full queue refuses: the tracker's view then runs the task on the
                // tracker's thread, and a wait tries again a moment later.
                new LinkedBlockingQueue<>(settings.concurrency() * 4 + 16),
                workerThreads,
                new ThreadPoolExecutor.AbortPolicy());
        // An idle agent holds no worker thread.
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
      }
    }

    boolean ownsWorkers() {
      return workerThreads != null;
    }

    void removeStaleParts() {
      try {
        store.removeStaleParts(STALE_PARTS);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not read the video store " + store + ": " + e.getMessage(), e);
      }
    }
  }

  /** SQLite or PostgreSQL, as the host's pool says of itself. */
  private static Dialect dialectOf(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("sqlite")) {
        return Dialect.SQLITE;
      }
      if (product.contains("postgres")) {
        return Dialect.POSTGRESQL;
      }
      throw new IllegalArgumentException(
          "database: the data source is "
              + product
              + "; videoagent works with SQLite and PostgreSQL only.");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "database: the data source gave no connection: " + e.getMessage(), e);
    }
  }
}
