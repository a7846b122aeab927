package dev.videoagent.embedded;

import dev.videoagent.assembly.config.Configuration;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.SettingValues;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.usecase.CancelJob.CancelResult;
import dev.videoagent.core.usecase.CreateJob.CreateResult;
import dev.videoagent.core.usecase.DownloadVideo.VideoResult;
import dev.videoagent.core.usecase.PollSchedule;
import dev.videoagent.core.usecase.RetryJob.RetryResult;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import dev.videoagent.embedded.internal.AgentSettings;
import dev.videoagent.embedded.internal.Engine;
import dev.videoagent.embedded.internal.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Turns prompts into stored videos inside your own Java service, with the same guarantees as the
 * videoagent service: every job is stored before it is sent, no job is ever billed twice (also when
 * several agents, services or command lines share one database), finished videos are downloaded
 * into a local store and verified.
 *
 * <pre>{@code
 * try (VideoAgent agent = VideoAgent.builder().sandbox().build()) {
 *   Video job = agent.submit("A friendly robot explains our new feature");
 *   Video done = agent.await(job.id(), Duration.ofMinutes(15)).videoOrThrow();
 *   agent.saveVideo(done.id(), Path.of("feature.mp4"));
 * }
 * }</pre>
 *
 * <h2>Tracking</h2>
 *
 * A submitted job is stored as {@code pending} and returned at once. It then advances (submitted,
 * polled, downloaded) in one of two ways, which may be mixed freely:
 *
 * <ul>
 *   <li>after {@link #start()}, a background tracker advances every due job of the database, with
 *       at most {@link Builder#concurrency(int)} gateway calls at once, and tells {@link
 *       VideoListener}s what changed;
 *   <li>{@link #await(String, Duration)} and {@link #awaitAsync(String, Duration)} advance the job
 *       they wait for (on the agent's workers) when the tracker is not running, as the command line
 *       does.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Every method is thread-safe. The agent's threads are daemons named {@code videoagent-…}: the
 * tracker loop (after {@link #start()}), a bounded pool of workers (unless you supply an {@link
 * Builder#executor(ExecutorService) executor}), one timer for waits, one event thread for
 * listeners, the gateway clients' watchdog timers, a PostgreSQL pool's housekeeping, and the
 * sandbox's server threads when {@link Builder#sandbox()} is used. Workers, timers and event thread
 * run only while there is work for them, and {@link #close()} ends them all. The threads that call
 * the agent never call the gateway (see {@link #await}).
 *
 * <h2>Errors</h2>
 *
 * Invalid input throws {@link InvalidVideoRequestException} (an {@link IllegalArgumentException});
 * expected outcomes throw the subclasses of {@link VideoAgentException} named on each method;
 * infrastructure faults (the database does not answer, a file cannot be read) throw a plain {@link
 * VideoAgentException}. Every method throws {@link IllegalStateException} once the agent is closed.
 */
public final class VideoAgent implements AutoCloseable {
  /** The tenant whose jobs an agent creates and sees unless {@link Builder#tenant} says another. */
  public static final String DEFAULT_TENANT = "local";

  /** Null once closed, so that a closed agent kept by the host holds none of its resources. */
  private volatile Engine engine;

  private final String description;

  private VideoAgent(Engine engine) {
    this.engine = engine;
    this.description = engine.toString();
  }

  /**
   * A builder with every setting at its default: the real gateway (so {@link Builder#apiKey} is
   * required unless {@link Builder#sandbox()} is called), home {@code ~/.videoagent}, a SQLite
   * database in home.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Stores a new job for {@code prompt}, leaving avatar, voice and orientation to the video agent,
   * and returns it at once, {@code pending}. Same as {@code submit(VideoSpec.of(prompt))}.
   *
   * @param prompt what the video should be about, 1 to 10,000 characters
   * @return the stored job
   * @throws InvalidVideoRequestException when the prompt is empty or too long
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   */
  public Video submit(String prompt) {
    return submit(VideoSpec.of(prompt));
  }

  /**
   * Stores a new job for {@code spec} and returns it at once, {@code pending}: nothing has been
   * sent to the gateway yet. The tracker (when {@link #start() started}) submits it promptly;
   * otherwise the first {@link #await} does. With an idempotency key that was used before for the
   * same spec, returns that earlier job instead of storing a new one.
   *
   * @param spec what to make
   * @return the stored job
   * @throws InvalidVideoRequestException naming every bad field of {@code spec}; nothing is stored
   * @throws IdempotencyKeyConflictException when the spec's idempotency key was used for another
   *     spec
   * @throws DailyLimitReachedException when the job would go past a daily limit; nothing is stored
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code spec} is null
   */
  public Video submit(VideoSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Engine engine = open();
    VideoRequest request = Mapping.request(spec);
    CreateResult result =
        guard("store the video job", () -> engine.create(request, spec.idempotencyKey()));
    if (result instanceof CreateResult.KeyConflict) {
      throw new IdempotencyKeyConflictException(Mapping.video(result.job()));
    }
    return Mapping.video(result.job());
  }

  /**
   * Reads a job as stored now.
   *
   * @param id the job's id
   * @return the job, or empty when there is no such job for this agent's tenant
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} is null
   */
  public Optional<Video> get(String id) {
    Objects.requireNonNull(id, "id");
    Engine engine = open();
    return guard("read the video job " + id, () -> engine.get(id)).map(Mapping::video);
  }

  /**
   * Pages through this tenant's jobs, newest first.
   *
   * @param query which jobs, how many, and from where
   * @return one page; pass its {@link VideoPage#nextCursor()} to {@link VideoQuery#after(String)}
   *     for the next
   * @throws IllegalArgumentException when the query's cursor is not a job of this agent's tenant
   *     (anything but a {@link VideoPage#nextCursor()} would page from nowhere)
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code query} is null
   */
  public VideoPage list(VideoQuery query) {
    Objects.requireNonNull(query, "query");
    Engine engine = open();
    String cursor = query.cursor();
    if (cursor != null
        && guard("read the video job " + cursor, () -> engine.get(cursor)).isEmpty()) {
      throw new IllegalArgumentException(
          "cursor \""
              + cursor
              + "\" is not a video job of this agent: pass the nextCursor() of the previous"
              + " page.");
    }
    return Mapping.page(
        guard(
            "list the video jobs",
            () -> engine.list(Mapping.status(query.status()), query.limit(), query.cursor())));
  }

  /**
   * Stops tracking a job: it becomes {@code canceled} and is neither polled nor downloaded again.
   * The gateway has no cancel call, so a job it already holds may still be made there (and billed).
   *
   * @param id the job's id
   * @return the canceled job
   * @throws VideoNotFoundException when there is no such job
   * @throws VideoStateException when the job had already completed, failed or been canceled
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} is null
   */
  public Video cancel(String id) {
    Objects.requireNonNull(id, "id");
    Engine engine = open();
    CancelResult result = guard("cancel the video job " + id, () -> engine.cancel(id));
    if (result instanceof CancelResult.Canceled) {
      return Mapping.video(((CancelResult.Canceled) result).job());
    }
    if (result instanceof CancelResult.AlreadyFinished) {
      Video video = Mapping.video(((CancelResult.AlreadyFinished) result).job());
      throw new VideoStateException(
          "The video job "
              + id
              + " is already "
              + video.status().wireName()
              + "; there is nothing to cancel.",
          video);
    }
    throw new VideoNotFoundException(id);
  }

  /**
   * Submits a failed job again, as a new attempt under the same id: it becomes {@code pending},
   * with a new deadline. This is the only way a job is ever sent to the gateway a second time,
   * which is why it is never done automatically (a job that failed with {@link
   * VideoError.Code#SUBMISSION_UNKNOWN} may have been billed already).
   *
   * @param id the job's id
   * @return the job, pending again
   * @throws VideoNotFoundException when there is no such job
   * @throws VideoStateException when the job is not {@code failed}
   * @throws DailyLimitReachedException when the retry would go past a daily limit; the job stays
   *     failed
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} is null
   */
  public Video retry(String id) {
    Objects.requireNonNull(id, "id");
    Engine engine = open();
    RetryResult result = guard("retry the video job " + id, () -> engine.retry(id));
    if (result instanceof RetryResult.Retried) {
      return Mapping.video(((RetryResult.Retried) result).job());
    }
    if (result instanceof RetryResult.NotFailed) {
      Video video = Mapping.video(((RetryResult.NotFailed) result).job());
      throw new VideoStateException(
          "The video job "
              + id
              + " is "
              + video.status().wireName()
              + "; only failed jobs can be retried.",
          video);
    }
    throw new VideoNotFoundException(id);
  }

  /**
   * Waits until the job settles (its status is final and, when completed, its video stored), at
   * most {@code timeout}. While the tracker runs, the wait is woken by its events; otherwise the
   * agent's workers advance the job (submit it, poll it, download its video) while the calling
   * thread waits, so a job is finished even when nothing else runs. Timing out, or interrupting the
   * calling thread, does not affect the job.
   *
   * <p>The calling thread never makes a gateway call itself: an interrupt would make the HTTP
   * client abandon a submission midway, and such a job would have to end {@link
   * VideoError.Code#SUBMISSION_UNKNOWN}, since it may have been billed. The timeout is measured on
   * the agent's {@link Builder#clock(Clock) clock}; the job is checked again when it is next due
   * and at least every 5 seconds, never in a busy loop.
   *
   * @param id the job's id
   * @param timeout how long to wait at most; zero checks once
   * @return {@link AwaitResult.Finished}, {@link AwaitResult.TimedOut} or {@link
   *     AwaitResult.NotFound}
   * @throws InterruptedException when the calling thread is interrupted; the job goes on
   * @throws GatewayKeyRejectedException when the gateway refuses the subscription key
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalArgumentException when {@code timeout} is negative
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} is null
   */
  public AwaitResult await(String id, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(id, "id");
    checkTimeout(timeout);
    Engine engine = open();
    WaitResult result;
    try {
      result = engine.await(id, timeout);
    } catch (RuntimeException e) {
      throw translate("wait for the video job " + id, e);
    }
    return awaitResult(result);
  }

  /**
   * As {@link #await(String, Duration)}, without holding the calling thread. While the tracker runs
   * the future completes from its events (and re-reads the job every {@link Builder#idlePoll
   * idlePoll}, in case another process finishes it); otherwise the agent's workers advance the job.
   * No thread is held while the job waits.
   *
   * <p>The future completes on the agent's event thread (where listeners run): attach heavy work
   * with the {@code …Async} methods of {@link CompletableFuture} and your own executor. It
   * completes exceptionally with a {@link GatewayKeyRejectedException} or a {@link
   * VideoAgentException} when those would be thrown by {@link #await}, and with a {@link
   * VideoAgentException} when the agent is closed first. Canceling the future ends the wait, not
   * the job.
   *
   * @param id the job's id
   * @param timeout how long to wait at most
   * @return a future of {@link AwaitResult.Finished}, {@link AwaitResult.TimedOut} or {@link
   *     AwaitResult.NotFound}
   * @throws IllegalArgumentException when {@code timeout} is negative
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} is null
   */
  public CompletableFuture<AwaitResult> awaitAsync(String id, Duration timeout) {
    Objects.requireNonNull(id, "id");
    checkTimeout(timeout);
    Engine engine = open();
    CompletableFuture<WaitResult> inner = engine.awaitAsync(id, timeout);
    CompletableFuture<AwaitResult> outer = new CompletableFuture<>();
    inner.whenComplete(
        (result, error) ->
            engine.onEventThread(
                () -> {
                  if (error == null) {
                    outer.complete(awaitResult(result));
                  } else {
                    Throwable cause =
                        error instanceof CompletionException ? error.getCause() : error;
                    outer.completeExceptionally(
                        cause instanceof RuntimeException
                            ? translate("wait for the video job " + id, (RuntimeException) cause)
                            : cause);
                  }
                }));
    outer.whenComplete(
        (result, error) -> {
          if (outer.isCancelled()) {
            inner.cancel(false);
          }
        });
    return outer;
  }

  /**
   * The finished video, as a future: {@link #awaitAsync(String, Duration)} with {@link
   * AwaitResult#videoOrThrow()} applied. The future completes with the job once it is settled
   * (completed, failed or canceled: check {@link Video#status()}), or exceptionally with a {@link
   * VideoTimeoutException} when {@code timeout} passes first, a {@link VideoNotFoundException} when
   * there is no such job, and as {@link #awaitAsync} says otherwise.
   *
   * @param id the job's id
   * @param timeout how long to wait at most
   * @return a future of the settled video
   * @throws IllegalArgumentException when {@code timeout} is negative
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} or {@code timeout} is null
   */
  public CompletableFuture<Video> awaitVideoAsync(String id, Duration timeout) {
    CompletableFuture<AwaitResult> result = awaitAsync(id, timeout);
    CompletableFuture<Video> video = result.thenApply(AwaitResult::videoOrThrow);
    video.whenComplete(
        (done, error) -> {
          if (video.isCancelled()) {
            result.cancel(false);
          }
        });
    return video;
  }

  /**
   * Opens the job's stored video for reading. When the job is completed but its video is not stored
   * (the download was given up, or the file went missing), downloads it now, on the calling thread.
   *
   * @param id the job's id
   * @return the MP4 bytes; the caller closes the stream
   * @throws VideoNotFoundException when there is no such job
   * @throws VideoStateException when the job is not completed, or its video could not be downloaded
   *     (see {@link Video#error()})
   * @throws VideoAgentException when the database does not answer or the file cannot be read
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} is null
   */
  public InputStream openVideo(String id) {
    Objects.requireNonNull(id, "id");
    Engine engine = open();
    VideoResult result = guard("open the video of " + id, () -> engine.open(id));
    if (result instanceof VideoResult.Available) {
      try {
        return ((VideoResult.Available) result).content().open(0);
      } catch (IOException e) {
        throw new VideoAgentException(
            "Could not read the stored video of " + id + ": " + e.getMessage(), e);
      }
    }
    if (result instanceof VideoResult.NotReady) {
      Video video = Mapping.video(((VideoResult.NotReady) result).job());
      throw new VideoStateException(notReady(video), video);
    }
    throw new VideoNotFoundException(id);
  }

  /**
   * Copies the job's stored video to {@code target}, replacing a file already there. The copy
   * appears whole or not at all (it is written beside the target and renamed). Missing parent
   * folders are created. Downloads the video first when needed, as {@link #openVideo} does.
   *
   * @param id the job's id
   * @param target where to write the MP4 file
   * @return {@code target}
   * @throws VideoNotFoundException when there is no such job
   * @throws VideoStateException when the job has no video to hand out
   * @throws VideoAgentException when the database does not answer or a file cannot be read or
   *     written
   * @throws IllegalStateException when the agent is closed
   * @throws NullPointerException when {@code id} is null
   */
  public Path saveVideo(String id, Path target) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath();
    try (InputStream in = openVideo(id)) {
      Path folder = absolute.getParent();
      Files.createDirectories(folder);
      Path part = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".part");
      try {
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            part, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(part);
      }
      return target;
    } catch (IOException e) {
      throw new VideoAgentException(
          "Could not write the video of " + id + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Registers a listener for job changes from now on; see {@link VideoListener} for which changes
   * and on which thread. Adding the same listener twice makes it hear each change twice.
   *
   * @param listener the listener
   * @throws NullPointerException when {@code listener} is null
   * @throws IllegalStateException when the agent is closed
   */
  public void addListener(VideoListener listener) {
    Objects.requireNonNull(listener, "listener");
    open().addListener(listener);
  }

  /**
   * Unregisters a listener (one registration of it). Events already queued for it may still arrive.
   *
   * @param listener the listener; unknown ones are ignored
   */
  public void removeListener(VideoListener listener) {
    Engine engine = this.engine;
    if (engine != null) {
      engine.removeListener(listener);
    }
  }

  /**
   * This agent's tenant's outbound webhooks: the signing secret, endpoints and deliveries. The
   * deliveries are sent while the agent runs ({@link #start()}), or by any service or agent running
   * on the same database.
   *
   * @return the webhooks of this agent's tenant
   * @throws IllegalStateException when the agent is closed
   */
  public Webhooks webhooks() {
    open();
    return new Webhooks() {
      @Override
      public String signingSecret() {
        return guard("read the webhook signing secret", () -> open().webhooks().signingSecret());
      }

      @Override
      public String rotateSigningSecret() {
        return guard(
            "rotate the webhook signing secret", () -> open().webhooks().rotateSigningSecret());
      }

      @Override
      public WebhookEndpoint addEndpoint(String url, Set<VideoEventType> events) {
        Objects.requireNonNull(events, "events");
        return guard(
            "register the webhook endpoint", () -> open().webhooks().addEndpoint(url, events));
      }

      @Override
      public List<WebhookEndpoint> endpoints() {
        return guard("list the webhook endpoints", () -> open().webhooks().endpoints());
      }

      @Override
      public boolean removeEndpoint(String endpointId) {
        return guard(
            "remove the webhook endpoint " + endpointId,
            () -> open().webhooks().removeEndpoint(endpointId));
      }

      @Override
      public List<WebhookDelivery> deliveries(String videoId) {
        return guard(
                "read the deliveries of " + videoId, () -> open().webhooks().deliveries(videoId))
            .orElseThrow(() -> new VideoNotFoundException(videoId));
      }

      @Override
      public boolean redeliver(String deliveryId) {
        return guard("redeliver " + deliveryId, () -> open().webhooks().redeliver(deliveryId));
      }
    };
  }

  /**
   * This agent's tenant's usage over the last 30 days (UTC), today included: {@code usage(null,
   * null)}.
   *
   * @return every day of the range, with totals and, when a price is set, the estimated cost
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   */
  public Usage usage() {
    return usage(null, null);
  }

  /**
   * This agent's tenant's usage from {@code from} to {@code to} (UTC days, both included), read
   * from counters written as things happened: the figures the service's {@code GET /v1/usage} and
   * {@code videoagent usage} give for the same tenant and days. Every day of the range is listed,
   * quiet days with zeros. The {@link Usage#estimatedCost() estimated cost} is {@code submitted}
   * times the {@link Builder#pricePerVideo price per video}: an estimate, not a bill.
   *
   * @param from the first day, or null for 29 days before {@code to}
   * @param to the last day, or null for today (UTC, on the agent's {@link Builder#clock clock})
   * @return the report
   * @throws InvalidVideoRequestException (field {@code from}) when {@code from} is after {@code to}
   *     or the range covers more than 366 days
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   */
  public Usage usage(LocalDate from, LocalDate to) {
    Engine engine = open();
    return Mapping.usage(guard("read the usage", () -> engine.usage(from, to)));
  }

  /**
   * This agent's tenant's own limits, as stored in the database (shared with every agent, service
   * and command line on it).
   *
   * @return the limits; unset ones are null
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   */
  public Limits limits() {
    Engine engine = open();
    return Mapping.limits(guard("read the limits", engine::limits));
  }

  /**
   * Sets this agent's tenant's own limits, as {@code videoagent keys limit} does: a given value
   * replaces the stored one, a null keeps it. A daily limit replaces {@link
   * Builder#tenantDailyLimit(long) the default for every tenant}; the {@link
   * Builder#dailyLimit(long) deployment's limit} still applies.
   *
   * @param daily creates and retries allowed per UTC day (0 or more), or null to keep the stored
   *     one
   * @param inFlight the tenant's jobs at the gateway at once (1 or more), or null to keep the
   *     stored one
   * @return the limits as now stored
   * @throws InvalidVideoRequestException when {@code daily} is negative or {@code inFlight} less
   *     than 1
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   */
  public Limits changeLimits(Long daily, Integer inFlight) {
    Engine engine = open();
    return Mapping.limits(guard("set the limits", () -> engine.changeLimits(daily, inFlight)));
  }

  /**
   * Removes this agent's tenant's own limits: the defaults of the builder (or of whatever process
   * admits the job) apply again.
   *
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   */
  public void clearLimits() {
    Engine engine = open();
    guard(
        "clear the limits",
        () -> {
          engine.clearLimits();
          return null;
        });
  }

  /**
   * Starts background tracking: a loop reads due jobs from the database (not only this agent's:
   * every job of its database, whoever created it) and advances them on the worker pool, within the
   * concurrency and rate limits. Returns at once; a second call does nothing. Other agents,
   * services and command lines may track the same database at the same time: no job is ever
   * submitted, polled or downloaded twice. It also starts the webhook dispatcher, which sends the
   * database's due webhook deliveries ({@link #webhooks()}), sharing them with the other processes.
   *
   * @throws IllegalStateException when the agent is closed
   */
  public void start() {
    open().start();
  }

  /**
   * How tracking stands, measured from the job database now: whether due jobs keep moving ({@link
   * TrackerStatus.Health}, with a reason when they do not), how late the most overdue job is, how
   * many jobs wait for an in-flight slot and how many slots are taken (across every process on the
   * database). When tracking stops keeping up, the agent also logs one WARN line (and one INFO line
   * when it recovers) on the {@code dev.videoagent.embedded.VideoAgent} logger.
   *
   * @return the status; {@link TrackerStatus#tracking()} is false before {@link #start()}
   * @throws VideoAgentException when the database does not answer
   * @throws IllegalStateException when the agent is closed
   */
  public TrackerStatus trackerStatus() {
    Engine engine = open();
    return Mapping.trackerStatus(guard("read the tracking status", engine::trackerStatus));
  }

  /**
   * Tells whether {@link #start()} was called and {@link #close()} was not.
   *
   * @return true while background tracking runs
   */
  public boolean isTracking() {
    Engine engine = this.engine;
    return engine != null && engine.tracking();
  }

  /**
   * Stops everything, in order: the tracker stops taking work and waits for gateway calls under way
   * (at most {@link Builder#shutdownGrace(Duration)}, so that their answers are recorded); pending
   * {@link #awaitAsync} futures complete exceptionally; listeners are told of every change
   * committed by then (within the same grace); the agent's threads end; the database and the
   * sandbox are closed. A supplied {@link Builder#executor executor} is left running (it is yours).
   * Jobs are not affected: unfinished ones go on with the next agent, service or command line that
   * tracks the database. A second call does nothing.
   *
   * <p>Returns once all of those threads have ended (the JDK's HTTP client threads end when the
   * closed agent's clients are garbage: Java 17's client has no close). If the calling thread is
   * interrupted while closing, the step under way stops waiting, the remaining steps still run, and
   * the interrupt flag is set again on return.
   */
  @Override
  public void close() {
    Engine engine;
    synchronized (this) {
      engine = this.engine;
      this.engine = null;
    }
    if (engine != null) {
      engine.close();
    }
  }

  /**
   * Names the tenant, the gateway, the database (without credentials) and the home folder.
   *
   * @return a description for logs
   */
  @Override
  public String toString() {
    return engine == null ? description.replace("VideoAgent[", "VideoAgent[closed, ") : description;
  }

  // ---------------------------------------------------------------------------------------------

  private Engine open() {
    Engine engine = this.engine;
    if (engine == null || engine.closed()) {
      throw new IllegalStateException("The VideoAgent is closed; build a new one.");
    }
    return engine;
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative (got " + timeout + ").");
    }
  }

  private static AwaitResult awaitResult(WaitResult result) {
    if (result instanceof WaitResult.Settled) {
      return new AwaitResult.Finished(Mapping.video(((WaitResult.Settled) result).job()));
    }
    if (result instanceof WaitResult.TimedOut) {
      return new AwaitResult.TimedOut(Mapping.video(((WaitResult.TimedOut) result).job()));
    }
    if (result instanceof WaitResult.NotFound notFound) {
      return new AwaitResult.NotFound(notFound.id());
    }
    // Only a hook can stop a wait, and the library installs none that does.
    throw new IllegalStateException("a wait ended in a way the library never asks for: " + result);
  }

  private static String notReady(Video video) {
    if (video.status() == VideoStatus.COMPLETED) {
      return "The video of "
          + video.id()
          + " could not be downloaded"
          + video.errorIfAny().map(e -> ": " + e.message()).orElse(".");
    }
    return "The video job "
        + video.id()
        + " is "
        + video.status().wireName()
        + "; it has no video"
        + (video.status().isTerminal() ? "." : " yet.");
  }

  private static <T> T guard(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translate(what, e);
    }
  }

  /** Our exceptions pass; the core's become ours; anything else is an infrastructure fault. */
  private static RuntimeException translate(String what, RuntimeException e) {
    if (e instanceof VideoAgentException || e instanceof InvalidVideoRequestException) {
      return e;
    }
    if (e instanceof GatewayAuthenticationException) {
      return new GatewayKeyRejectedException(e.getMessage(), e);
    }
    if (e instanceof ValidationException) {
      return Mapping.invalid((ValidationException) e);
    }
    if (e instanceof dev.videoagent.core.port.DailyLimitReachedException) {
      return Mapping.dailyLimit(
          ((dev.videoagent.core.port.DailyLimitReachedException) e).reached());
    }
    return new VideoAgentException("Could not " + what + ": " + e.getMessage(), e);
  }

  /**
   * Configures and builds a {@link VideoAgent}. Every setting has a default; each method checks its
   * value at once and throws {@link IllegalArgumentException} with a sentence naming the setting's
   * environment variable, where there is one: the same sentence the service and the command line
   * print for the same mistake. {@link #build()} opens the database (and starts the sandbox), so it
   * may take a moment; it does not start tracking.
   *
   * <p>Not thread-safe: configure a builder on one thread. It can build several agents.
   */
  public static final class Builder {
    /** The settings the library reads from the environment: all but the service's own. */
    private static final List<Setting<?>> FROM_ENVIRONMENT =
        List.of(
            Setting.PIXAZO_API_KEY,
            Setting.PIXAZO_BASE_URL,
            Setting.VIDEOAGENT_HOME,
            Setting.VIDEOAGENT_DB,
            Setting.VIDEOAGENT_DB_POOL_SIZE,
            Setting.VIDEOAGENT_SANDBOX,
            Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS,
            Setting.VIDEOAGENT_MAX_IN_FLIGHT,
            Setting.VIDEOAGENT_JOB_DEADLINE,
            Setting.VIDEOAGENT_GATEWAY_CONCURRENCY,
            Setting.VIDEOAGENT_GATEWAY_RATE,
            Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES,
            Setting.VIDEOAGENT_GATEWAY_TIMEOUT,
            Setting.VIDEOAGENT_CLAIM_LEASE,
            Setting.VIDEOAGENT_STORE,
            Setting.AWS_ENDPOINT_URL_S3,
            Setting.AWS_ENDPOINT_URL,
            Setting.AWS_REGION,
            Setting.AWS_ACCESS_KEY_ID,
            Setting.AWS_SECRET_ACCESS_KEY,
            Setting.AWS_SESSION_TOKEN,
            Setting.VIDEOAGENT_S3_PATH_STYLE,
            Setting.VIDEOAGENT_TENANT_DAILY_LIMIT,
            Setting.VIDEOAGENT_DAILY_LIMIT,
            Setting.VIDEOAGENT_PRICE_PER_VIDEO);

    private final SettingValues values = new SettingValues();
    private SandboxOptions sandboxOptions = SandboxOptions.defaults();
    private DataSource dataSource;
    private TenantName tenant = TenantName.of(DEFAULT_TENANT);
    private PollSchedule polling;
    private Duration idlePoll = Duration.ofSeconds(1);
    private ExecutorService executor;
    private Clock clock = Clock.systemUTC();
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private final List<VideoListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Takes every setting the environment gives, by the names the service and the command line use:
     * {@code PIXAZO_API_KEY}, {@code PIXAZO_BASE_URL}, {@code VIDEOAGENT_HOME}, {@code
     * VIDEOAGENT_DB}, {@code VIDEOAGENT_DB_POOL_SIZE}, {@code VIDEOAGENT_SANDBOX}, {@code
     * VIDEOAGENT_MAX_IN_FLIGHT}, {@code VIDEOAGENT_JOB_DEADLINE}, {@code
     * VIDEOAGENT_GATEWAY_CONCURRENCY}, {@code VIDEOAGENT_GATEWAY_RATE}, {@code
     * VIDEOAGENT_MAX_DOWNLOAD_BYTES}, {@code VIDEOAGENT_GATEWAY_TIMEOUT}, {@code
     * VIDEOAGENT_CLAIM_LEASE}, the store's settings, {@code VIDEOAGENT_TENANT_DAILY_LIMIT}, {@code
     * VIDEOAGENT_DAILY_LIMIT} and {@code VIDEOAGENT_PRICE_PER_VIDEO}. Each value is checked as the
     * builder method of the same setting checks it, with the same sentence. Variables that are not
     * set (or blank) leave the builder as it is; later builder calls override what was read.
     *
     * @return this builder
     * @throws IllegalArgumentException naming the first variable whose value is unusable
     */
    public Builder fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    /**
     * As {@link #fromEnvironment()}, from the given variables instead of the process's.
     *
     * @param environment variable names to values
     * @return this builder
     * @throws IllegalArgumentException naming the first variable whose value is unusable
     */
    public Builder fromEnvironment(Map<String, String> environment) {
      Objects.requireNonNull(environment, "environment");
      Configuration given = Configuration.ofEnvironment(environment, userHome());
      for (Setting<?> setting : FROM_ENVIRONMENT) {
        take(given, setting);
      }
      if (given.raw(Setting.VIDEOAGENT_DB).isPresent()) {
        dataSource = null;
      }
      return this;
    }

    private <T> void take(Configuration given, Setting<T> setting) {
      given.value(setting).ifPresent(value -> values.put(setting, value));
    }

    /**
     * The Pixazo subscription key ({@code PIXAZO_API_KEY}); required unless {@link #sandbox()} is
     * used. Sent only to {@link #baseUrl(URI)}, never logged.
     *
     * @param value the key
     * @return this builder
     * @throws IllegalArgumentException when the key is blank or has spaces or control characters
     */
    public Builder apiKey(String value) {
      return text(Setting.PIXAZO_API_KEY, value);
    }

    /**
     * The gateway origin ({@code PIXAZO_BASE_URL}); default {@code https://gateway.pixazo.ai}.
     *
     * @param value an absolute http(s) URL without user, query or fragment
     * @return this builder
     * @throws IllegalArgumentException when the URL is not of that form
     */
    public Builder baseUrl(URI value) {
      values.put(Setting.PIXAZO_BASE_URL, value);
      return this;
    }

    /**
     * As {@link #baseUrl(URI)}, from text.
     *
     * @param value an absolute http(s) URL, such as {@code https://gateway.pixazo.ai}
     * @return this builder
     * @throws IllegalArgumentException when the text is not such a URL
     */
    public Builder baseUrl(String value) {
      return text(Setting.PIXAZO_BASE_URL, value);
    }

    /**
     * Uses the in-process gateway sandbox ({@code VIDEOAGENT_SANDBOX=true}) instead of the real
     * gateway: a loopback stand-in that accepts every job and finishes it after 4 seconds with a
     * small real MP4; a prompt containing {@code [fail]} ends {@code failed}. No key is needed and
     * nothing is billed. The sandbox starts with {@link #build()} and stops with {@link
     * VideoAgent#close()}. {@link #apiKey} and {@link #baseUrl} are then ignored.
     *
     * @return this builder
     */
    public Builder sandbox() {
      return sandbox(SandboxOptions.defaults());
    }

    /**
     * As {@link #sandbox()}, with sandbox jobs taking {@code completionDelay} from submission to
     * their final status (queued for the first third of it, processing for the rest).
     *
     * @param completionDelay how long a sandbox job takes; zero or more
     * @return this builder
     * @throws IllegalArgumentException when the delay is negative
     */
    public Builder sandbox(Duration completionDelay) {
      Objects.requireNonNull(completionDelay, "completionDelay");
      if (completionDelay.isNegative()) {
        throw new IllegalArgumentException("the sandbox's completionDelay must not be negative.");
      }
      return sandbox(SandboxOptions.defaults().withCompletionDelay(completionDelay));
    }

    /**
     * As {@link #sandbox()}, with the sandbox behaving as {@code options} say: its completion
     * delay, its fail marker, and trouble made on purpose (refused submits, ambiguous answers,
     * failing status reads, slow answers, an outage, expired video links), for testing how the host
     * copes.
     *
     * @param options how the sandbox behaves
     * @return this builder
     * @throws IllegalArgumentException when a value of {@code options} is out of range
     */
    public Builder sandbox(SandboxOptions options) {
      Mapping.sandbox(Objects.requireNonNull(options, "options"));
      this.sandboxOptions = options;
      values.put(Setting.VIDEOAGENT_SANDBOX, true);
      return this;
    }

    /**
     * The data folder ({@code VIDEOAGENT_HOME}); default {@code ~/.videoagent}. The stored videos
     * go to its {@code videos} folder and, unless {@link #database(String)} says otherwise, the
     * SQLite database is its {@code videoagent.db}. Created owner-only when missing.
     *
     * @param value the folder
     * @return this builder
     */
    public Builder home(Path value) {
      values.put(
          Setting.VIDEOAGENT_HOME,
          Objects.requireNonNull(value, "home").toAbsolutePath().normalize());
      return this;
    }

    /**
     * The job database ({@code VIDEOAGENT_DB}) as a JDBC URL; default {@code
     * jdbc:sqlite:<home>/videoagent.db}. Use {@code
     * jdbc:postgresql://host:5432/db?user=…&password=…} when several machines share the jobs.
     * Agents, services and command lines on one database share its jobs safely. The URL is checked
     * (and the schema migrated) by {@link #build()}.
     *
     * @param jdbcUrl {@code jdbc:sqlite:/path/file.db} or {@code jdbc:postgresql://…}
     * @return this builder
     * @throws IllegalArgumentException when the URL is neither
     */
    public Builder database(String jdbcUrl) {
      text(Setting.VIDEOAGENT_DB, jdbcUrl);
      this.dataSource = null;
      return this;
    }

    /**
     * Where the videos are kept ({@code VIDEOAGENT_STORE}): {@code file:/a/folder}, or {@code
     * s3://bucket/prefix} for S3-compatible object storage that several agents and services share.
     * The endpoint, region and keys of object storage come from {@link #fromEnvironment()} or the
     * AWS SDK's usual places (profiles in {@code ~/.aws}, roles). Default {@code
     * file:$VIDEOAGENT_HOME/videos}.
     *
     * @param location {@code file:…} or {@code s3://…}
     * @return this builder
     * @throws IllegalArgumentException when the location is neither
     */
    public Builder store(String location) {
      return text(Setting.VIDEOAGENT_STORE, location);
    }

    /**
     * The job database as a pool the host application already has (SQLite or PostgreSQL, told apart
     * by the driver). The schema is migrated by {@link #build()}; the pool stays the host's: {@link
     * VideoAgent#close()} does not close it. A SQLite pool should use WAL, a busy timeout and
     * IMMEDIATE transactions, as videoagent's own does.
     *
     * @param value the host's data source
     * @return this builder
     */
    public Builder database(DataSource value) {
      this.dataSource = Objects.requireNonNull(value, "database");
      values.remove(Setting.VIDEOAGENT_DB);
      return this;
    }

    /**
     * How many connections the agent keeps to a PostgreSQL {@link #database(String) database} at
     * most ({@code VIDEOAGENT_DB_POOL_SIZE}); default 10. Not used for SQLite or a host's own pool.
     *
     * @param value 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder databasePoolSize(int value) {
      values.put(Setting.VIDEOAGENT_DB_POOL_SIZE, value);
      return this;
    }

    /**
     * Whose jobs this agent creates and sees; default {@value VideoAgent#DEFAULT_TENANT}. Agents
     * with different tenants on one database do not see each other's jobs (the tracker still
     * advances every job of the database).
     *
     * @param value 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or
     *     digit
     * @return this builder
     * @throws IllegalArgumentException when the name is not of that form
     */
    public Builder tenant(String value) {
      this.tenant = TenantName.of(value);
      return this;
    }

    /**
     * How many jobs the tracker advances at once ({@code VIDEOAGENT_GATEWAY_CONCURRENCY}); default
     * 8. Also the size of the agent's own worker pool.
     *
     * @param value 1 to 256
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder concurrency(int value) {
      values.put(Setting.VIDEOAGENT_GATEWAY_CONCURRENCY, value);
      return this;
    }

    /**
     * How many gateway calls per second the tracker makes at most ({@code
     * VIDEOAGENT_GATEWAY_RATE}); default 5.
     *
     * @param value 0.01 to 10,000
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder callsPerSecond(double value) {
      values.put(Setting.VIDEOAGENT_GATEWAY_RATE, value);
      return this;
    }

    /**
     * How many jobs may be at the gateway at once, across every process on the database ({@code
     * VIDEOAGENT_MAX_IN_FLIGHT}); default 10 (HeyGen refuses more per account). Further jobs wait
     * {@code pending}, in order.
     *
     * @param value 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder maxInFlight(int value) {
      values.put(Setting.VIDEOAGENT_MAX_IN_FLIGHT, value);
      return this;
    }

    /**
     * How long a job may take from submission (or retry) to a final status ({@code
     * VIDEOAGENT_JOB_DEADLINE}); default 2 hours. Then it ends {@code failed} with {@link
     * VideoError.Code#TIMED_OUT}.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder jobDeadline(Duration value) {
      values.put(Setting.VIDEOAGENT_JOB_DEADLINE, value);
      return this;
    }

    /**
     * How long a submission may wait for the gateway's answer ({@code VIDEOAGENT_GATEWAY_TIMEOUT});
     * default 60 s. Status reads get half of it, at most 30 s. A submission that times out after it
     * was sent may have been billed, so it ends {@link VideoError.Code#SUBMISSION_UNKNOWN}: keep
     * this generous.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder gatewayTimeout(Duration value) {
      values.put(Setting.VIDEOAGENT_GATEWAY_TIMEOUT, value);
      return this;
    }

    /**
     * How long a worker holds a job it acts on ({@code VIDEOAGENT_CLAIM_LEASE}); default 3 minutes.
     * It must be at least twice the {@link #gatewayTimeout gateway time-out} (checked by {@link
     * #build()}), so that no other agent, service or command line acts on a job while a gateway
     * call for it may still be under way; a job held by a process that died resumes after it.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder claimLease(Duration value) {
      values.put(Setting.VIDEOAGENT_CLAIM_LEASE, value);
      return this;
    }

    /**
     * When to read a running job's status: first {@code first} after submission, then at intervals
     * growing by half each time up to {@code max}, each spread by ±10 %. Default 5 s and 60 s: a
     * 10-minute job costs about 15 reads.
     *
     * @param first the delay of the first read; positive
     * @param max the longest interval; at least {@code first}
     * @return this builder
     * @throws IllegalArgumentException when {@code first} is not positive or {@code max} is shorter
     */
    public Builder polling(Duration first, Duration max) {
      Duration f = positive(first, "polling's first delay");
      Duration m = positive(max, "polling's longest interval");
      if (m.compareTo(f) < 0) {
        throw new IllegalArgumentException(
            "polling's longest interval must not be shorter than its first delay.");
      }
      PollSchedule standard = PollSchedule.polling();
      this.polling = new PollSchedule(f, standard.growth(), m, standard.jitter());
      return this;
    }

    /**
     * How often the idle tracker looks in the database for due jobs, and how often an {@link
     * VideoAgent#awaitAsync} that relies on the tracker re-reads its job; default 1 s. New jobs of
     * this agent and retries wake the tracker at once; this matters for jobs created by other
     * processes.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder idlePoll(Duration value) {
      this.idlePoll = positive(value, "idlePoll");
      return this;
    }

    /**
     * The largest video accepted ({@code VIDEOAGENT_MAX_DOWNLOAD_BYTES}); default 2 GiB. A larger
     * one is refused and the job keeps {@link VideoError.Code#DOWNLOAD_FAILED}.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException when less than 1
     */
    public Builder maxDownloadBytes(long value) {
      values.put(Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES, value);
      return this;
    }

    /**
     * Lets webhooks and {@code callback_url} go to loopback, link-local and private addresses
     * ({@code VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS}); by default they must be public addresses,
     * checked when registered and again, after the name is resolved, at every delivery.
     *
     * @param value true to allow private addresses
     * @return this builder
     */
    public Builder allowPrivateCallbacks(boolean value) {
      values.put(Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS, value);
      return this;
    }

    /**
     * The default daily limit of every tenant ({@code VIDEOAGENT_TENANT_DAILY_LIMIT}): creates and
     * retries per tenant per UTC day. Beyond it {@link VideoAgent#submit(VideoSpec)} and {@link
     * VideoAgent#retry(String)} throw {@link DailyLimitReachedException} until the next 00:00 UTC.
     * A tenant's own limit ({@link VideoAgent#changeLimits}) replaces it. Default: none.
     *
     * @param value 0 or more
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder tenantDailyLimit(long value) {
      values.put(Setting.VIDEOAGENT_TENANT_DAILY_LIMIT, value);
      return this;
    }

    /**
     * The daily limit of the whole deployment ({@code VIDEOAGENT_DAILY_LIMIT}): creates and retries
     * per UTC day of every tenant together, counted in the shared database. Beyond it {@link
     * VideoAgent#submit(VideoSpec)} and {@link VideoAgent#retry(String)} throw {@link
     * DailyLimitReachedException} until the next 00:00 UTC. Default: none.
     *
     * @param value 0 or more
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder dailyLimit(long value) {
      values.put(Setting.VIDEOAGENT_DAILY_LIMIT, value);
      return this;
    }

    /**
     * An estimated price per submission ({@code VIDEOAGENT_PRICE_PER_VIDEO}), for the {@link
     * Usage#estimatedCost() estimated cost} of {@link VideoAgent#usage(LocalDate, LocalDate)}.
     * Default: none (no estimate).
     *
     * @param value 0 or more, at most 12 digits before the point and 6 after
     * @return this builder
     * @throws IllegalArgumentException when negative or of more digits
     * @throws NullPointerException when {@code value} is null
     */
    public Builder pricePerVideo(BigDecimal value) {
      Objects.requireNonNull(value, "pricePerVideo");
      return text(Setting.VIDEOAGENT_PRICE_PER_VIDEO, value.toPlainString());
    }

    /**
     * Runs the tracker's work (gateway calls, downloads) and the asynchronous waits' checks on your
     * pool instead of the agent's own. The pool stays yours: {@link VideoAgent#close()} stops
     * handing it work and waits for the tracker's tasks, but does not shut it down. It should have
     * room for {@link #concurrency(int)} tasks: a tracker task it refuses runs on the tracker's own
     * thread, a wait's check is tried again a moment later. Its threads make gateway calls, so
     * close the agent before interrupting them ({@code shutdownNow()}): an interrupted submission
     * ends {@link VideoError.Code#SUBMISSION_UNKNOWN}.
     *
     * @param value your executor
     * @return this builder
     */
    public Builder executor(ExecutorService value) {
      this.executor = Objects.requireNonNull(value, "executor");
      return this;
    }

    /**
     * The time source for job times, deadlines, polling and wait time-outs; default the system
     * clock (UTC). For tests: it is read to the millisecond, as the database keeps it, and it must
     * advance for waits to end.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * How long {@link VideoAgent#close()} waits for work under way (gateway calls, listeners) at
     * each step; default 10 s.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = positive(value, "shutdownGrace");
      return this;
    }

    /**
     * Registers a listener from the start, as {@link VideoAgent#addListener} does later.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(VideoListener value) {
      listeners.add(Objects.requireNonNull(value, "listener"));
      return this;
    }

    /**
     * Opens the database (migrating its schema), prepares the home folder, starts the sandbox when
     * asked, and wires everything. Does not start tracking: call {@link VideoAgent#start()} for
     * that.
     *
     * @return a new agent; close it when done
     * @throws IllegalArgumentException when no {@link #apiKey} is set and {@link #sandbox()} is not
     *     used, when the {@link #claimLease claim lease} is shorter than twice the {@link
     *     #gatewayTimeout gateway time-out}, or when the database URL is malformed; the message
     *     names the setting's environment variable
     * @throws IllegalStateException when the database cannot be opened or migrated
     * @throws UncheckedIOException when the home folder cannot be used (it is a file, say) or the
     *     sandbox cannot be started
     */
    public VideoAgent build() {
      return new VideoAgent(Engine.open(settings()));
    }

    /** What {@link #build()} builds from, checked; package-private, for comparing callers. */
    AgentSettings settings() {
      Settings settings = Settings.from(values, userHome());
      if (!settings.gatewayUsable()) {
        throw new IllegalArgumentException(
            "apiKey (PIXAZO_API_KEY) is not set: set it to your Pixazo subscription key, or call"
                + " sandbox() (VIDEOAGENT_SANDBOX=true) to try videoagent without one.");
      }
      return new AgentSettings(
          settings,
          tenant,
          polling,
          idlePoll,
          Mapping.sandbox(sandboxOptions),
          dataSource,
          executor,
          clock,
          shutdownGrace,
          listeners);
    }

    private Builder text(Setting<?> setting, String value) {
      if (value == null) {
        throw new IllegalArgumentException(setting.sentence());
      }
      put(setting, value);
      return this;
    }

    private <T> void put(Setting<T> setting, String value) {
      values.put(setting, setting.read(value));
    }

    private static Path userHome() {
      return Path.of(System.getProperty("user.home"));
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive (got " + value + ").");
      }
      return value;
    }
  }
}
