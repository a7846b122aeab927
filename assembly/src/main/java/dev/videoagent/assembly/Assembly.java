package dev.videoagent.assembly;

import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.HttpMediaDownloader;
import dev.videoagent.adapters.http.MediaDownloadConfig;
import dev.videoagent.adapters.http.OkHttpWebhookSender;
import dev.videoagent.adapters.http.PixazoGatewayConfig;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.adapters.persistence.Dialect;
import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.assembly.config.Forms;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.assembly.config.StoreLocation;
import dev.videoagent.assembly.events.EventFeed;
import dev.videoagent.assembly.json.JsonEventPayloads;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.WebhookDestinations;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.IdGenerator;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.MediaDownloader;
import dev.videoagent.core.port.Sleeper;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.port.WebhookRepository;
import dev.videoagent.core.port.WebhookSender;
import dev.videoagent.core.usecase.AdvanceDueJobs;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.AuthenticateClient;
import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.CallRate;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CopyVideos;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.DeliverWebhook;
import dev.videoagent.core.usecase.DeliveryPolicy;
import dev.videoagent.core.usecase.DispatchWebhooks;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.ExpediteJob;
import dev.videoagent.core.usecase.FanOutEvents;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.IssueClientKey;
import dev.videoagent.core.usecase.JobPolicy;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.ManageWebhooks;
import dev.videoagent.core.usecase.PollSchedule;
import dev.videoagent.core.usecase.ReportUsage;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.SetTenantLimits;
import dev.videoagent.core.usecase.SubmitJob;
import dev.videoagent.core.usecase.TenantSecrets;
import dev.videoagent.core.usecase.TrackerListener;
import dev.videoagent.core.usecase.WaitForJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product put together in plain Java, once, for every caller: the library uses it directly, the
 * service and the command line expose its parts to their Guice modules. Every part is made on first
 * use, so a command that needs no database or sandbox never opens one. The assembly owns what it
 * opened and closes it, last opened first.
 *
 * <pre>{@code
 * try (Assembly assembly = Assembly.of(settings)) {
 *   assembly.createJob().create(tenant, request, null);
 * }
 * }</pre>
 *
 * <p>Where a new use case goes: a {@link Lazy} field and an accessor here, built from the parts it
 * needs; then the service's and the command line's modules expose it if they use it.
 */
public final class Assembly implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Assembly.class);

  /**
   * Part files older than this were left by a process that died mid-download. Any live download
   * younger than this: far beyond the download lease, and beyond any download the size cap allows
   * on a link slow enough to still be worth waiting for.
   */
  public static final Duration STALE_PART_AGE = Duration.ofHours(6);

  /** How long the breaker, once open, keeps calls away from a failing gateway. */
  public static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(30);

  /** How long the idle tracker sleeps when nothing is due and nobody wakes it. */
  public static final Duration IDLE_POLL = Duration.ofSeconds(1);

  /** Due jobs the tracker reads per round. */
  public static final int TRACKER_BATCH = 100;

  /** The longest status read: reads are cheap to repeat, so they never wait as long as a submit. */
  public static final Duration LONGEST_STATUS_READ = Duration.ofSeconds(30);

  /** How long the idle webhook dispatcher waits before it looks for new events and due work. */
  public static final Duration WEBHOOK_POLL = Duration.ofMillis(250);

  /** How often the event feed reads the change record for changes made here or elsewhere. */
  public static final Duration EVENT_POLL = Duration.ofMillis(200);

  private final Settings settings;
  private final Clock clock;
  private final JobPolicy policy;
  private final BackgroundTracker.Settings trackerSettings;
  private final GuardedGateway.BreakerSettings breakerSettings;
  private final SandboxConfig sandboxConfig;
  private final GatewayObserver observer;
  private final DataSource dataSource;
  private final ExecutorService hostExecutor;
  private final UnaryOperator<VideoGateway> transportDecorator;
  private final DeliveryPolicy deliveryPolicy;
  private final WebhookDestinations destinations;
  private final Closer closer = new Closer();

  private final RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
  private final Lazy<IdGenerator> ids;
  private final Lazy<Database> database;
  private final Lazy<VideoStore> store;
  private final Lazy<SandboxGateway> sandbox;
  private final Lazy<VideoGateway> transport;
  private final Lazy<GuardedGateway> gateway;
  private final Lazy<MediaDownloader> downloader;
  private final Lazy<CallbackAddress> callbacks;
  private final Lazy<CreateJob> createJob;
  private final Lazy<SubmitJob> submitJob;
  private final Lazy<AdvanceJob> advanceJob;
  private final Lazy<AdvanceDueJobs> advanceDueJobs;
  private final Lazy<WaitForJob> waitForJob;
  private final Lazy<GetJob> getJob;
  private final Lazy<ListJobs> listJobs;
  private final Lazy<CancelJob> cancelJob;
  private final Lazy<RetryJob> retryJob;
  private final Lazy<JobRepository> jobs;
  private final Lazy<DownloadVideo> downloadVideo;
  private final Lazy<ExpediteJob> expediteJob;
  private final Lazy<IssueClientKey> issueClientKey;
  private final Lazy<AuthenticateClient> authenticateClient;
  private final Lazy<WorkerPool> workers;
  private final Lazy<EventFeed> eventFeed;
  private final Lazy<WebhookSender> webhookSender;
  private final Lazy<TenantSecrets> tenantSecrets;
  private final Lazy<ManageWebhooks> manageWebhooks;
  private final Lazy<FanOutEvents> fanOutEvents;
  private final Lazy<DeliverWebhook> deliverWebhook;
  private final Lazy<RunningWebhooks> webhookDispatcher;
  private RunningTracker tracking;
  private TrackerListener trackingEvents;

  private Assembly(Builder b) {
    this.settings = b.settings;
    // Milliseconds: what the database keeps, so a job read back equals the job written.
    this.clock = Clock.tick(b.clock, Duration.ofMillis(1));
    JobPolicy standard =
        JobPolicy.defaults()
            .withMaxInFlight(settings.maxInFlight())
            .withDeadline(settings.jobDeadline())
            .withLease(settings.claimLease());
    if (b.polling != null) {
      standard = standard.withPolling(b.polling);
    }
    this.policy = b.policy != null ? b.policy : standard;
    this.trackerSettings =
        new BackgroundTracker.Settings(
            settings.gatewayConcurrency(),
            settings.gatewayCallsPerSecond(),
            b.idlePoll,
            TRACKER_BATCH);
    this.breakerSettings = GuardedGateway.BreakerSettings.standard(b.breakerOpenFor);
    this.sandboxConfig = b.sandboxConfig;
    this.observer = b.observer;
    this.dataSource = b.dataSource;
    this.hostExecutor = b.hostExecutor;
    this.transportDecorator = b.transportDecorator;
    this.deliveryPolicy = b.deliveryPolicy;
    this.destinations = new WebhookDestinations(settings.allowPrivateCallbacks());

    this.ids = new Lazy<>(() -> new TimeOrderedIdGenerator(clock, new SecureRandom()));
    this.database = new Lazy<>(this::openDatabase);
    this.jobs = new Lazy<>(() -> database.get().jobs(settings.dailyCaps()));
    this.store =
        new Lazy<>(
            () -> {
              checkHome();
              return VideoStores.open(settings.store(), clock, closer);
            });
    this.sandbox = new Lazy<>(this::startSandbox);
    this.transport = new Lazy<>(this::makeTransport);
    this.gateway =
        new Lazy<>(
            () ->
                new GuardedGateway(
                    transport.get(), GuardedGateway.breaker(breakerSettings), observer));
    this.downloader =
        new Lazy<>(
            () ->
                closer.register(
                    new HttpMediaDownloader(
                        store.get(),
                        MediaDownloadConfig.defaults().withMaxBytes(settings.maxDownloadBytes()))));
    this.callbacks =
        new Lazy<>(
            () ->
                settings
                    .publicUrlIfSet()
                    .<CallbackAddress>map(GatewayCallbacks::new)
                    .orElse(CallbackAddress.none()));
    this.createJob =
        new Lazy<>(() -> new CreateJob(jobs(), ids.get(), clock, policy, destinations));
    this.submitJob =
        new Lazy<>(
            () -> new SubmitJob(jobs(), gateway.get(), callbacks.get(), clock, policy, random));
    this.advanceJob =
        new Lazy<>(
            () ->
                new AdvanceJob(
                    jobs(),
                    submitJob.get(),
                    gateway.get(),
                    downloader.get(),
                    clock,
                    policy,
                    random));
    this.advanceDueJobs = new Lazy<>(() -> new AdvanceDueJobs(jobs(), advanceJob.get(), clock));
    this.waitForJob =
        new Lazy<>(() -> new WaitForJob(jobs(), advanceJob.get(), clock, Sleeper.system()));
    this.getJob = new Lazy<>(() -> new GetJob(jobs()));
    this.listJobs = new Lazy<>(() -> new ListJobs(jobs()));
    this.cancelJob = new Lazy<>(() -> new CancelJob(jobs(), clock));
    this.retryJob = new Lazy<>(() -> new RetryJob(jobs(), clock, policy));
    this.downloadVideo =
        new Lazy<>(() -> new DownloadVideo(jobs(), advanceJob.get(), store.get(), clock));
    this.expediteJob = new Lazy<>(() -> new ExpediteJob(jobs(), clock));
    this.issueClientKey = new Lazy<>(() -> new IssueClientKey(clientKeys(), ids.get(), clock));
    this.authenticateClient = new Lazy<>(() -> new AuthenticateClient(clientKeys(), clock));
    this.workers =
        new Lazy<>(
            () ->
                closer.register(
                    hostExecutor != null
                        ? WorkerPool.host(hostExecutor)
                        : WorkerPool.own(trackerSettings.concurrency())));
    this.eventFeed = new Lazy<>(() -> closer.register(new EventFeed(jobs(), EVENT_POLL)).start());
    this.webhookSender =
        new Lazy<>(
            () ->
                b.webhookSender != null
                    ? b.webhookSender
                    : closer.register(new OkHttpWebhookSender(destinations)));
    this.tenantSecrets = new Lazy<>(() -> new TenantSecrets(webhooks(), clock, new SecureRandom()));
    this.manageWebhooks =
        new Lazy<>(
            () ->
                new ManageWebhooks(
                    webhooks(), jobs(), ids.get(), clock, destinations, deliveryPolicy));
    this.fanOutEvents =
        new Lazy<>(() -> new FanOutEvents(webhooks(), jobs(), ids.get(), clock, deliveryPolicy));
    this.deliverWebhook =
        new Lazy<>(
            () ->
                new DeliverWebhook(
                    webhooks(),
                    tenantSecrets.get(),
                    webhookSender.get(),
                    clock,
                    deliveryPolicy,
                    random));
    this.webhookDispatcher =
        new Lazy<>(
            () ->
                closer.register(
                    new RunningWebhooks(
                        (executor, trouble) ->
                            new DispatchWebhooks(
                                fanOutEvents.get(),
                                webhooks(),
                                deliverWebhook.get(),
                                clock,
                                deliveryPolicy,
                                executor,
                                trouble),
                        deliveryPolicy.concurrency(),
                        WEBHOOK_POLL)));
  }

  /** The standard assembly of {@code settings}. */
  public static Assembly of(Settings settings) {
    return builder(settings).build();
  }

  public static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /** What this assembly builds, without building anything. */
  public AssemblyPlan plan() {
    PixazoGatewayConfig timeouts = gatewayConfig(PixazoGatewayConfig.DEFAULT_BASE_URL, "plan");
    return new AssemblyPlan(
        settings.sandbox() ? "sandbox" : "pixazo " + settings.baseUrl(),
        new AssemblyPlan.Timeouts(
            timeouts.connectTimeout(), timeouts.submitTimeout(), timeouts.statusTimeout()),
        breakerSettings,
        policy,
        trackerSettings,
        hostExecutor != null
            ? WorkerPool.Plan.host()
            : WorkerPool.Plan.own(trackerSettings.concurrency()),
        STALE_PART_AGE,
        settings.store().location().text(),
        dataSource != null ? "the host's data source" : Forms.maskPassword(settings.databaseUrl()),
        settings.maxDownloadBytes(),
        settings.publicUrlIfSet().isPresent());
  }

  public Settings settings() {
    return settings;
  }

  // ---------------------------------------------------------------------------------------------
  // Time, ids, policy.

  public Clock clock() {
    return clock;
  }

  /** Shared by every worker thread: each draws from its own thread-local generator. */
  public RandomGenerator random() {
    return random;
  }

  public IdGenerator ids() {
    return ids.get();
  }

  public JobPolicy policy() {
    return policy;
  }

  public BackgroundTracker.Settings trackerSettings() {
    return trackerSettings;
  }

  // ---------------------------------------------------------------------------------------------
  // The database and the store.

  /**
   * The job database, opened and migrated on first use.
   *
   * @throws ConfigException when {@code VIDEOAGENT_DB} is malformed
   * @throws IllegalStateException when it cannot be opened or migrated
   * @throws UncheckedIOException when {@code VIDEOAGENT_HOME} is not a folder
   */
  public Database database() {
    return database.get();
  }

  /**
   * The jobs, keeping to the daily limits: a create or retry beyond them throws {@link
   * dev.videoagent.core.port.DailyLimitReachedException}.
   */
  public JobRepository jobs() {
    return jobs.get();
  }

  /** The tenant's usage report, with the estimated cost of {@code VIDEOAGENT_PRICE_PER_VIDEO}. */
  public ReportUsage reportUsage() {
    return new ReportUsage(database.get().usage(), clock, settings.pricePerVideo());
  }

  /** The operator's per-tenant limits. */
  public SetTenantLimits tenantLimits() {
    return new SetTenantLimits(database.get().usage());
  }

  public ClientKeyRepository clientKeys() {
    return database.get().clientKeys();
  }

  /** The webhook outbox: secrets, endpoints, deliveries. */
  public WebhookRepository webhooks() {
    return database.get().webhooks();
  }

  /**
   * The video store {@code VIDEOAGENT_STORE} names (default {@code VIDEOAGENT_HOME/videos}).
   *
   * @throws UncheckedIOException when {@code VIDEOAGENT_HOME} is not a folder
   * @throws ConfigException when object storage has no region
   */
  public VideoStore store() {
    return store.get();
  }

  /**
   * Copies every stored video from this assembly's store to the store at {@code target}, opened
   * with the same endpoint, region and keys; the target is closed with the assembly.
   *
   * @throws ConfigException when object storage has no region
   */
  public CopyVideos copyVideosTo(StoreLocation target) {
    VideoStore to = VideoStores.open(settings.store().at(target), clock, closer);
    return new CopyVideos(jobs(), store.get(), to);
  }

  /**
   * Removes unfinished downloads older than {@link #STALE_PART_AGE}: a process that died
   * mid-download leaves a part file (folder) or an open multipart upload (bucket) behind. Callers
   * that start for long (the service, the library) do this once at start.
   *
   * @return how many were removed
   * @throws UncheckedIOException when the store cannot be read
   */
  public int removeStaleParts() {
    int removed = VideoStores.removeStale(store.get(), STALE_PART_AGE);
    if (removed > 0) {
      log.info("Removed {} unfinished video downloads left by an earlier run.", removed);
    }
    return removed;
  }

  // ---------------------------------------------------------------------------------------------
  // The gateway.

  /**
   * The in-process sandbox, started on first use.
   *
   * @throws IllegalStateException when this assembly uses the real gateway
   */
  public SandboxGateway sandbox() {
    if (!settings.sandbox()) {
      throw new IllegalStateException("This assembly uses the real gateway, not the sandbox.");
    }
    return sandbox.get();
  }

  /** The gateway adapter as made (Feign to Pixazo or to the sandbox), before the breaker. */
  public VideoGateway transport() {
    return transport.get();
  }

  /**
   * The gateway everything calls: the transport behind the circuit breaker, its calls told to the
   * observer. (The tracker takes a token of its call rate before each call on top of this.) Without
   * a key and the sandbox, every call throws the {@link ConfigException} that says the key is
   * missing.
   */
  public GuardedGateway gateway() {
    return gateway.get();
  }

  public MediaDownloader downloader() {
    return downloader.get();
  }

  /** Where the gateway calls back for a job: under {@code VIDEOAGENT_PUBLIC_URL}, or nowhere. */
  public CallbackAddress callbacks() {
    return callbacks.get();
  }

  // ---------------------------------------------------------------------------------------------
  // The use cases.

  public CreateJob createJob() {
    return createJob.get();
  }

  public SubmitJob submitJob() {
    return submitJob.get();
  }

  public AdvanceJob advanceJob() {
    return advanceJob.get();
  }

  public AdvanceDueJobs advanceDueJobs() {
    return advanceDueJobs.get();
  }

  public WaitForJob waitForJob() {
    return waitForJob.get();
  }

  public GetJob getJob() {
    return getJob.get();
  }

  public ListJobs listJobs() {
    return listJobs.get();
  }

  public CancelJob cancelJob() {
    return cancelJob.get();
  }

  public RetryJob retryJob() {
    return retryJob.get();
  }

  public DownloadVideo downloadVideo() {
    return downloadVideo.get();
  }

  public ExpediteJob expediteJob() {
    return expediteJob.get();
  }

  public IssueClientKey issueClientKey() {
    return issueClientKey.get();
  }

  public AuthenticateClient authenticateClient() {
    return authenticateClient.get();
  }

  // ---------------------------------------------------------------------------------------------
  // Outbound webhooks.

  /**
   * Where webhooks may go: public addresses, or any with {@code
   * VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS}.
   */
  public WebhookDestinations webhookDestinations() {
    return destinations;
  }

  public DeliveryPolicy deliveryPolicy() {
    return deliveryPolicy;
  }

  /** The tenants' signing secrets (made on first use, rotated on request). */
  public TenantSecrets tenantSecrets() {
    return tenantSecrets.get();
  }

  /** Endpoints and deliveries: register, list, remove, read, redeliver. */
  public ManageWebhooks manageWebhooks() {
    return manageWebhooks.get();
  }

  public FanOutEvents fanOutEvents() {
    return fanOutEvents.get();
  }

  public DeliverWebhook deliverWebhook() {
    return deliverWebhook.get();
  }

  /**
   * The webhook dispatcher, made (not started: {@link RunningWebhooks#start()}) on the first call.
   * The service starts it, and so does the library when it tracks; every process on the database
   * may run one.
   */
  public RunningWebhooks webhookDispatcher() {
    return webhookDispatcher.get();
  }

  // ---------------------------------------------------------------------------------------------
  // Background tracking.

  /** The worker pool of the tracker (and of the library's waits). */
  public WorkerPool workers() {
    return workers.get();
  }

  /**
   * The process's one reader of the change record, made on first use and started ({@link
   * EventFeed#start}) by its first reader: live event streams and listeners read from it, so a
   * change made by another process on the same database is seen too.
   */
  public EventFeed eventFeed() {
    return eventFeed.get();
  }

  /**
   * The background tracker, made (not started) on the first call, telling {@code events} what it
   * does. There is one per assembly.
   *
   * @throws IllegalStateException when it was made before for other events
   */
  public synchronized RunningTracker tracking(TrackerListener events) {
    Objects.requireNonNull(events, "events");
    if (tracking == null) {
      tracking =
          closer.register(
              new RunningTracker(
                  jobs(),
                  advanceJob(),
                  clock,
                  workers(),
                  trackerSettings,
                  events,
                  // One rate for every process on the database: N instances together keep to it.
                  CallRate.shared(database().callTokens(trackerSettings.callsPerSecond()))));
      trackingEvents = events;
    } else if (trackingEvents != events) {
      throw new IllegalStateException("The tracker was made for other events already.");
    }
    return tracking;
  }

  /** Closes what was opened (tracker, workers, sandbox, database pool), last opened first. */
  @Override
  public void close() {
    closer.close();
  }

  @Override
  public String toString() {
    return "Assembly[" + plan().gateway() + ", " + plan().database() + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private Database openDatabase() {
    checkHome();
    if (dataSource != null) {
      return closer.register(
          Database.open(dataSource, dialectOf(dataSource), new JsonEventPayloads()));
    }
    try {
      return closer.register(
          Database.open(
              settings.databaseUrl(), new JsonEventPayloads(), settings.databasePoolSize()));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // The adapter's sentence names VIDEOAGENT_DB.
      throw new ConfigException(e.getMessage());
    }
  }

  /** A home that is a file would fail deep in the database driver; say so plainly instead. */
  private void checkHome() {
    Path home = settings.home();
    if (Files.exists(home) && !Files.isDirectory(home)) {
      throw new UncheckedIOException(
          Setting.VIDEOAGENT_HOME.variable() + " is not a folder",
          new FileSystemException(home.toString(), null, "a file, not a folder"));
    }
  }

  private SandboxGateway startSandbox() {
    try {
      return closer.register(SandboxGateway.start(sandboxConfig));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the gateway sandbox: " + e.getMessage(), e);
    }
  }

  private VideoGateway makeTransport() {
    PixazoGatewayConfig config;
    if (settings.sandbox()) {
      SandboxGateway started = sandbox.get();
      config = gatewayConfig(started.baseUrl(), started.apiKey());
    } else if (settings.apiKey() != null) {
      config = gatewayConfig(settings.baseUrl(), settings.apiKey());
    } else {
      return transportDecorator.apply(new MissingKeyGateway());
    }
    return transportDecorator.apply(closer.register(FeignVideoGateway.create(config)));
  }

  /**
   * The gateway when no key is set and the sandbox is off. The service and the library refuse to
   * start so, and the command line's gateway commands check first; this lets the commands that work
   * on stored jobs alone (list, status, download of a stored video) be built without a key, and
   * says the key is missing should one of them need the gateway after all.
   */
  private static final class MissingKeyGateway implements VideoGateway {
    @Override
    public SubmitResult submit(GatewaySubmission submission) {
      throw new ConfigException(Settings.MISSING_KEY);
    }

    @Override
    public StatusResult readStatus(String gatewayRequestId) {
      throw new ConfigException(Settings.MISSING_KEY);
    }

    @Override
    public String toString() {
      return "no gateway (" + Setting.PIXAZO_API_KEY.variable() + " is not set)";
    }
  }

  /** Status reads get at most half the submit time-out: they are cheap to repeat. */
  private PixazoGatewayConfig gatewayConfig(URI baseUrl, String apiKey) {
    Duration submit = settings.gatewayTimeout();
    Duration half = submit.dividedBy(2);
    Duration status = half.compareTo(LONGEST_STATUS_READ) > 0 ? LONGEST_STATUS_READ : half;
    return PixazoGatewayConfig.of(baseUrl, apiKey)
        .withTimeouts(PixazoGatewayConfig.DEFAULT_CONNECT_TIMEOUT, submit, status);
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
      throw new ConfigException(
          "database: the data source is "
              + product
              + "; videoagent works with SQLite and PostgreSQL only.");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "database: the data source gave no connection: " + e.getMessage(), e);
    }
  }

  /** The parts a caller chooses; everything else follows from the settings. */
  public static final class Builder {
    private final Settings settings;
    private Clock clock = Clock.systemUTC();
    private JobPolicy policy;
    private PollSchedule polling;
    private Duration idlePoll = IDLE_POLL;
    private Duration breakerOpenFor = BREAKER_OPEN_FOR;
    private SandboxConfig sandboxConfig = SandboxConfig.defaults();
    private GatewayObserver observer = (operation, outcome) -> {};
    private DataSource dataSource;
    private ExecutorService hostExecutor;
    private UnaryOperator<VideoGateway> transportDecorator = UnaryOperator.identity();
    private DeliveryPolicy deliveryPolicy = DeliveryPolicy.standard();
    private WebhookSender webhookSender;

    private Builder(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The time source, before millisecond ticking; default the system clock (UTC). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * When running jobs are read (the library's {@code polling}); default {@link
     * PollSchedule#polling()}.
     */
    public Builder polling(PollSchedule value) {
      this.polling = Objects.requireNonNull(value, "polling");
      return this;
    }

    /** A whole tracking policy instead of the one the settings give (tests that run fast). */
    public Builder policy(JobPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /** How long the idle tracker sleeps; default {@link #IDLE_POLL}. */
    public Builder idlePoll(Duration value) {
      this.idlePoll = Objects.requireNonNull(value, "idlePoll");
      return this;
    }

    /** How long the open breaker keeps calls away; default {@link #BREAKER_OPEN_FOR}. */
    public Builder breakerOpenFor(Duration value) {
      this.breakerOpenFor = Objects.requireNonNull(value, "breakerOpenFor");
      return this;
    }

    /** How the sandbox behaves when {@code VIDEOAGENT_SANDBOX} is true; default its defaults. */
    public Builder sandbox(SandboxConfig value) {
      this.sandboxConfig = Objects.requireNonNull(value, "sandbox");
      return this;
    }

    /** Told of every gateway call and how it ended (the service's metrics). */
    public Builder observer(GatewayObserver value) {
      this.observer = Objects.requireNonNull(value, "observer");
      return this;
    }

    /** The host application's pool for the job database, instead of {@code VIDEOAGENT_DB}. */
    public Builder dataSource(DataSource value) {
      this.dataSource = Objects.requireNonNull(value, "dataSource");
      return this;
    }

    /** The host application's pool for the tracker's work, instead of one of our own. */
    public Builder executor(ExecutorService value) {
      this.hostExecutor = Objects.requireNonNull(value, "executor");
      return this;
    }

    /** Wraps the gateway adapter before the breaker (tests that make the gateway misbehave). */
    public Builder transport(UnaryOperator<VideoGateway> decorator) {
      this.transportDecorator = Objects.requireNonNull(decorator, "decorator");
      return this;
    }

    /** How webhooks are retried; default {@link DeliveryPolicy#standard()}. */
    public Builder deliveryPolicy(DeliveryPolicy value) {
      this.deliveryPolicy = Objects.requireNonNull(value, "deliveryPolicy");
      return this;
    }

    /** What sends webhooks, instead of OkHttp under the destination rules (tests that resolve). */
    public Builder webhookSender(WebhookSender value) {
      this.webhookSender = Objects.requireNonNull(value, "webhookSender");
      return this;
    }

    public Assembly build() {
      return new Assembly(this);
    }
  }
}
