package dev.videoagent.api.http;

import dev.videoagent.assembly.DaemonThreads;
import dev.videoagent.assembly.events.EventFeed;
import dev.videoagent.assembly.events.EventFilter;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.GetJob;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live event streams (Server-Sent Events): {@code GET /v1/videos/{id}/events} for one job and
 * {@code GET /v1/events} for every job of the caller's tenant. Both read the process's {@link
 * EventFeed}, so they also stream changes another process made on the same database. Streams hold
 * no request thread while open: the request goes asynchronous and is written without blocking from
 * a small pool of pump threads.
 */
public final class EventRoutes implements AutoCloseable {
  static final String LAST_EVENT_ID = "Last-Event-ID";

  static final String CONTENT_TYPE = "text/event-stream;charset=utf-8";

  /** Pump threads: they only copy what a connection can take at once, so a few are plenty. */
  static final int PUMPS = 4;

  private final GetJob getJob;
  private final JobRepository jobs;
  private final EventFeed feed;
  private final EventPayloads payloads;
  private final EventStreamLimits limits;
  private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> perTenant = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final ExecutorService pumps =
      Executors.newFixedThreadPool(PUMPS, new DaemonThreads("sse-pump"));
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(new DaemonThreads("sse-heartbeat"));
  private final Runnable stopListening;

  public EventRoutes(
      GetJob getJob,
      JobRepository jobs,
      EventFeed feed,
      EventPayloads payloads,
      EventStreamLimits limits) {
    this.getJob = getJob;
    this.jobs = jobs;
    this.feed = feed;
    this.payloads = payloads;
    this.limits = limits;
    this.stopListening = feed.onNewEvents(() -> open.forEach(SseStream::wake));
    long every = limits.heartbeat().toMillis();
    heartbeats.scheduleAtFixedRate(
        () -> open.forEach(SseStream::heartbeat), every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * {@code GET /v1/videos/{id}/events}: the job's current state first (its latest event), then each
   * change; ends once the job is settled. With {@code Last-Event-ID}, the events after that seq
   * instead, and no replay of the current state.
   */
  public void videoEvents(Context ctx, Access access) throws IOException {
    String id = JobIds.fromPath(ctx);
    VideoJob job = getJob.get(access, id).orElseThrow(() -> VideoRoutes.notFound(id));
    Optional<Long> resume = lastEventId(ctx);
    StringBuilder preface = retryHint();
    long after;
    if (resume.isPresent()) {
      after = resume.get();
    } else {
      List<JobEvent> history = jobs.events(EventQuery.job(id, 0, EventQuery.MAX_LIMIT));
      if (!history.isEmpty()) {
        JobEvent latest = history.get(history.size() - 1);
        SseStream.append(preface, latest);
        after = latest.seq();
      } else {
        // Its events were pruned (or it is pending, which has none): the state as it is now,
        // with id 0, from which a resume replays whatever is kept.
        JobEventType.current(job)
            .ifPresent(
                type ->
                    SseStream.appendEvent(
                        preface,
                        "0",
                        type.wireName(),
                        payloads.render(type, job.updatedAt(), job)));
        after = 0;
      }
    }
    boolean settledNow = job.isSettled();
    open(
        ctx,
        access,
        EventFilter.job(id),
        after,
        preface.toString(),
        settledNow,
        new JobSettling(getJob, access, id));
  }

  /**
   * {@code GET /v1/events}: every change of the tenant's jobs from now on (or after {@code
   * Last-Event-ID}); never ends by itself.
   */
  public void tenantEvents(Context ctx, Access access) throws IOException {
    Optional<Long> resume = lastEventId(ctx);
    long after = resume.orElseGet(feed::position);
    EventFilter filter = access.tenantFilter().map(EventFilter::tenant).orElseGet(EventFilter::all);
    open(ctx, access, filter, after, retryHint().toString(), false, SseStream.Settling.NEVER);
  }

  private void open(
      Context ctx,
      Access access,
      EventFilter filter,
      long after,
      String preface,
      boolean checkSettled,
      SseStream.Settling settling)
      throws IOException {
    if (ctx.method() == HandlerType.HEAD) {
      // What a GET would answer, without opening a stream that nobody reads.
      ctx.status(200).contentType(CONTENT_TYPE).header("Cache-Control", "no-cache");
      return;
    }
    String tenant = access.tenantFilter().orElse("");
    reserve(tenant);
    SseStream[] holder = new SseStream[1];
    Runnable release =
        () -> {
          open.remove(holder[0]);
          total.decrementAndGet();
          perTenant.get(tenant).decrementAndGet();
        };
    SseStream stream;
    try {
      ctx.status(200);
      ctx.contentType(CONTENT_TYPE);
      ctx.header("Cache-Control", "no-cache");
      // Proxies such as nginx would otherwise hold events back to fill a buffer.
      ctx.header("X-Accel-Buffering", "no");
      stream =
          new SseStream(
              ctx.res().getOutputStream(),
              feed.cursor(filter, after),
              pumps,
              preface,
              checkSettled,
              settling,
              release);
    } catch (IOException | RuntimeException e) {
      total.decrementAndGet();
      perTenant.get(tenant).decrementAndGet();
      throw e;
    }
    holder[0] = stream;
    open.add(stream);
    // The request goes asynchronous when this handler returns; writing starts then.
    ctx.future(
        () -> {
          stream.start();
          return stream.done();
        });
  }

  private void reserve(String tenant) {
    if (total.incrementAndGet() > limits.maxStreams()) {
      total.decrementAndGet();
      throw new ApiProblem(
          ProblemType.SERVICE_UNAVAILABLE.problem(
              "The service has as many open event streams as it allows ("
                  + limits.maxStreams()
                  + "). Try again shortly."),
          Map.of("Retry-After", "5"));
    }
    AtomicInteger mine = perTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
    if (mine.incrementAndGet() > limits.maxStreamsPerTenant()) {
      mine.decrementAndGet();
      total.decrementAndGet();
      throw new ApiProblem(
          ProblemType.TOO_MANY_STREAMS.problem(
              "This API key's tenant has as many open event streams as it may ("
                  + limits.maxStreamsPerTenant()
                  + "). Close one, or share one GET /v1/events stream between your jobs."),
          Map.of("Retry-After", "5"));
    }
  }

  private StringBuilder retryHint() {
    return new StringBuilder("retry: ").append(limits.retry().toMillis()).append("\n\n");
  }

  private static Optional<Long> lastEventId(Context ctx) {
    String header = ctx.header(LAST_EVENT_ID);
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    try {
      long seq = Long.parseLong(header.strip());
      if (seq >= 0) {
        return Optional.of(seq);
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw ApiProblem.of(
        ProblemType.INVALID_REQUEST,
        "The Last-Event-ID header must be the id of an event this service sent (a whole number),"
            + " not \""
            + BoundedText.cut(header, 40)
            + "\".");
  }

  /** Open streams right now; for metrics and tests. */
  public int openStreams() {
    return open.size();
  }

  @Override
  public void close() {
    stopListening.run();
    heartbeats.shutdownNow();
    open.forEach(SseStream::close);
    pumps.shutdown();
  }

  /** A job's stream ends after an event that may settle it, once a read of the job says so. */
  private record JobSettling(GetJob getJob, Access access, String id)
      implements SseStream.Settling {
    @Override
    public boolean mayEndAfter(JobEventType type) {
      return type == JobEventType.COMPLETED
          || type == JobEventType.STORED
          || type == JobEventType.FAILED
          || type == JobEventType.CANCELED;
    }

    @Override
    public boolean isSettled() {
      return getJob.get(access, id).map(VideoJob::isSettled).orElse(true);
    }
  }
}
