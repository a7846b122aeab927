package dev.videoagent.embedded.internal;

import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.RunningTracker;
import dev.videoagent.assembly.WorkerPool;
import dev.videoagent.core.IdempotencyKey;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CancelJob.CancelResult;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.CreateJob.CreateResult;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.DownloadVideo.VideoResult;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.ReportUsage;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.RetryJob.RetryResult;
import dev.videoagent.core.usecase.SetTenantLimits;
import dev.videoagent.core.usecase.TrackerListener;
import dev.videoagent.core.usecase.TrackerStatus;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import dev.videoagent.embedded.VideoListener;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the library has, over the one {@link Assembly} that the service and the command line
 * use too: the event hub for listeners, the asynchronous waits, and the agent's life cycle. Owns
 * the assembly and closes it last.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.videoagent.embedded.VideoAgent");

  private final AgentSettings settings;
  private final Access access;
  private final Assembly assembly;
  private final String gatewayDescription;
  private final CreateJob createJob;
  private final GetJob getJob;
  private final ListJobs listJobs;
  private final CancelJob cancelJob;
  private final RetryJob retryJob;
  private final DownloadVideo downloadVideo;
  private final ReportUsage reportUsage;
  private final SetTenantLimits tenantLimits;
  private final RunningTracker tracker;
  private final WorkerPool workers;
  private final EventHub events;
  private final AsyncWaits waits;
  private final AgentWebhooks webhooks;
  private volatile boolean closed;

  private Engine(AgentSettings settings, Assembly assembly) {
    this.settings = settings;
    this.access = Access.tenant(settings.tenant().value());
    this.assembly = assembly;
    this.webhooks =
        new AgentWebhooks(
            settings.tenant().value(), assembly.tenantSecrets(), assembly.manageWebhooks());
    this.gatewayDescription =
        settings.settings().sandbox()
            ? assembly.sandbox().baseUrl().toString()
            : settings.settings().baseUrl().toString();
    this.createJob = assembly.createJob();
    this.getJob = assembly.getJob();
    this.listJobs = assembly.listJobs();
    this.cancelJob = assembly.cancelJob();
    this.retryJob = assembly.retryJob();
    this.downloadVideo = assembly.downloadVideo();
    this.reportUsage = assembly.reportUsage();
    this.tenantLimits = assembly.tenantLimits();
    this.workers = assembly.workers();
    this.events =
        new EventHub(
            settings.listeners(), assembly.eventFeed(), assembly.jobs(), settings.tenant().value());
    this.tracker = assembly.tracking(new Events(events, new TroubleLog(log)));
    this.waits =
        new AsyncWaits(
            assembly.waitForJob(),
            access,
            events,
            workers.executor(),
            tracker::running,
            settings.idlePoll());
  }

  /**
   * The assembly the agent would build for {@code settings}, not opened: its plan tells whether the
   * library assembles what the service and the command line do.
   */
  public static Assembly assembly(AgentSettings settings) {
    Assembly.Builder builder =
        Assembly.builder(settings.settings())
            .clock(settings.clock())
            .idlePoll(settings.idlePoll())
            .sandbox(settings.sandbox());
    if (settings.polling() != null) {
      builder.polling(settings.polling());
    }
    if (settings.dataSource() != null) {
      builder.dataSource(settings.dataSource());
    }
    if (settings.hostExecutor() != null) {
      builder.executor(settings.hostExecutor());
    }
    return builder.build();
  }

  /**
   * Opens the database, the store and (when asked) the sandbox, and wires the core over them.
   * Whatever was opened is closed again when a later step fails.
   *
   * @throws IllegalArgumentException when a setting is unusable (a malformed database URL)
   * @throws IllegalStateException when the database or the sandbox cannot be opened
   * @throws UncheckedIOException when the home folder or the video folder cannot be prepared, or
   *     the sandbox cannot be started
   */
  public static Engine open(AgentSettings settings) {
    Assembly assembly = assembly(settings);
    try {
      assembly.database();
      assembly.removeStaleParts();
      Engine engine = new Engine(settings, assembly);
      log.debug("VideoAgent ready: {}", engine);
      return engine;
    } catch (RuntimeException | Error e) {
      assembly.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operations, in the core's terms; VideoAgent translates them.

  public CreateResult create(VideoRequest request, String idempotencyKey) {
    CreateResult result =
        createJob.create(
            settings.tenant(),
            request,
            IdempotencyKey.ofNullable(idempotencyKey, IdempotencyKey.HEADER));
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

  /**
   * The tenant's usage from {@code from} to {@code to}, both included.
   *
   * @param from the first day, or null for 29 days before {@code to}
   * @param to the last day, or null for today (UTC, by the agent's clock)
   */
  public ReportUsage.UsageReport usage(LocalDate from, LocalDate to) {
    return reportUsage.report(settings.tenant(), from, to);
  }

  public TenantLimits limits() {
    return tenantLimits.of(settings.tenant());
  }

  public TenantLimits changeLimits(Long daily, Integer inFlight) {
    return tenantLimits.change(settings.tenant(), daily, inFlight);
  }

  public void clearLimits() {
    tenantLimits.clear(settings.tenant());
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
    tracker.start();
    // The library dispatches webhooks like the service: every running agent takes a share.
    assembly.webhookDispatcher().start();
  }

  /** The tenant's webhooks. */
  public AgentWebhooks webhooks() {
    return webhooks;
  }

  public boolean tracking() {
    return tracker.running();
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
    tracker.wakeUp();
  }

  /**
   * Stops tracking (letting gateway calls under way finish, within the grace), ends pending waits,
   * stops the agent's threads and closes the assembly (database, sandbox, clients). Returns once
   * their threads have ended. Idempotent.
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
    boolean interrupted = Thread.interrupted();
    if (!tracker.stop(grace)) {
      log.warn("Gateway calls were still under way after {}; they were left to finish.", grace);
    }
    interrupted |= Thread.interrupted();
    try {
      waits.close(grace);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    workers.close(grace);
    interrupted |= Thread.interrupted();
    try {
      events.close(grace);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    quietly(assembly::close, "the database, the sandbox and the gateway clients");
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
        + assembly.database()
        + ", home="
        + settings.settings().home()
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** What the tracker reports: changes to the hub, trouble to the log as single lines. */
  private static final class Events implements TrackerListener {
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
}
