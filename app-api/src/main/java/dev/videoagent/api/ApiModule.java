package dev.videoagent.api;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.api.http.ApiRoutes;
import dev.videoagent.api.http.BearerAuth;
import dev.videoagent.api.http.CallbackRoute;
import dev.videoagent.api.http.ConsoleAssets;
import dev.videoagent.api.http.ContentLinkRoute;
import dev.videoagent.api.http.ContentLinks;
import dev.videoagent.api.http.ContentRoute;
import dev.videoagent.api.http.EventRoutes;
import dev.videoagent.api.http.EventStreamLimits;
import dev.videoagent.api.http.JobAnswers;
import dev.videoagent.api.http.ProblemMapping;
import dev.videoagent.api.http.RequestBodies;
import dev.videoagent.api.http.SystemRoutes;
import dev.videoagent.api.http.UsageRoute;
import dev.videoagent.api.http.VideoRoutes;
import dev.videoagent.api.http.WebhookRoutes;
import dev.videoagent.api.metrics.JobCounts;
import dev.videoagent.api.metrics.ServiceMetrics;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.GuardedGateway;
import dev.videoagent.assembly.config.ServiceSettings;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.assembly.json.JsonEventPayloads;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.usecase.AuthenticateClient;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.ExpediteJob;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.IssueClientKey;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.RetryJob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The REST service's injector: the {@link Assembly} (built in plain Java, with the service's
 * metrics as its gateway observer) and its parts the routes use, exposed as they are; and the
 * service's own parts, which only it has: routes, metrics, the background tracker's events. Builds
 * nothing heavy when the injector is made; the service starts what needs starting.
 */
public final class ApiModule extends AbstractModule {
  /** How long the job counts of {@code /metrics} are reused. */
  static final Duration JOB_COUNTS_TTL = Duration.ofSeconds(5);

  private final Settings settings;
  private final ServiceSettings service;
  private final UnaryOperator<Assembly.Builder> tuning;

  /**
   * @param tuning adjusts the assembly before it is built (tests: a faster tracking policy, a
   *     misbehaving gateway); {@link UnaryOperator#identity()} in production
   */
  public ApiModule(
      Settings settings, ServiceSettings service, UnaryOperator<Assembly.Builder> tuning) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.service = Objects.requireNonNull(service, "service");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
  }

  @Provides
  Settings settings() {
    return settings;
  }

  @Provides
  ServiceSettings serviceSettings() {
    return service;
  }

  @Provides
  @Singleton
  Assembly assembly(ServiceMetrics metrics) {
    return tuning.apply(Assembly.builder(settings).observer(metrics)).build();
  }

  // The assembly's parts, as it made them.

  @Provides
  Database database(Assembly assembly) {
    return assembly.database();
  }

  @Provides
  JobRepository jobs(Assembly assembly) {
    return assembly.jobs();
  }

  @Provides
  GuardedGateway gateway(Assembly assembly) {
    return assembly.gateway();
  }

  @Provides
  CreateJob createJob(Assembly assembly) {
    return assembly.createJob();
  }

  @Provides
  GetJob getJob(Assembly assembly) {
    return assembly.getJob();
  }

  @Provides
  ListJobs listJobs(Assembly assembly) {
    return assembly.listJobs();
  }

  @Provides
  CancelJob cancelJob(Assembly assembly) {
    return assembly.cancelJob();
  }

  @Provides
  RetryJob retryJob(Assembly assembly) {
    return assembly.retryJob();
  }

  @Provides
  DownloadVideo downloadVideo(Assembly assembly) {
    return assembly.downloadVideo();
  }

  @Provides
  ExpediteJob expediteJob(Assembly assembly) {
    return assembly.expediteJob();
  }

  @Provides
  AuthenticateClient authenticateClient(Assembly assembly) {
    return assembly.authenticateClient();
  }

  @Provides
  IssueClientKey issueClientKey(Assembly assembly) {
    return assembly.issueClientKey();
  }

  // The service's own parts.

  @Provides
  @Singleton
  PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @Provides
  @Singleton
  ServiceMetrics metrics(PrometheusMeterRegistry registry) {
    return new ServiceMetrics(registry);
  }

  @Provides
  @Singleton
  TrackerReporting tracker(Assembly assembly, ServiceMetrics metrics) {
    return new TrackerReporting(assembly, metrics);
  }

  @Provides
  @Singleton
  JobCounts jobCounts(JobRepository jobs, ServiceMetrics metrics) {
    JobCounts counts = new JobCounts(jobs, JOB_COUNTS_TTL);
    metrics.bindJobCounts(counts);
    return counts;
  }

  @Provides
  @Singleton
  RequestBodies.Limits bodyLimits() {
    return RequestBodies.Limits.defaults();
  }

  @Provides
  @Singleton
  RequestBodies bodies(RequestBodies.Limits limits) {
    return new RequestBodies(limits);
  }

  @Provides
  @Singleton
  EventStreamLimits eventStreamLimits() {
    return EventStreamLimits.defaults();
  }

  @Provides
  @Singleton
  EventRoutes eventRoutes(Assembly assembly, EventStreamLimits limits) {
    return new EventRoutes(
        assembly.getJob(), assembly.jobs(), assembly.eventFeed(), new JsonEventPayloads(), limits);
  }

  @Provides
  @Singleton
  ContentLinks contentLinks(Assembly assembly) {
    return new ContentLinks(assembly.clock());
  }

  @Provides
  @Singleton
  ApiRoutes routes(
      CreateJob createJob,
      GetJob getJob,
      ListJobs listJobs,
      CancelJob cancelJob,
      RetryJob retryJob,
      DownloadVideo downloadVideo,
      ExpediteJob expediteJob,
      AuthenticateClient authenticate,
      TrackerReporting tracker,
      Database database,
      ServiceMetrics metrics,
      JobCounts jobCounts,
      GuardedGateway gateway,
      RequestBodies bodies,
      Assembly assembly,
      EventRoutes events,
      ContentLinks contentLinks) {
    // jobCounts is asked for only so that its gauges are registered before the first scrape.
    // The breaker's gauge is bound here, not with the metrics: the gateway observes through them.
    metrics.bindGatewayBreaker(gateway::isDegraded);
    return new ApiRoutes(
        new VideoRoutes(
            createJob, getJob, listJobs, cancelJob, retryJob, tracker, bodies, new JobAnswers()),
        new ContentRoute(downloadVideo, assembly.store(), service.contentRedirect()),
        new ContentLinkRoute(getJob, contentLinks, bodies),
        new ConsoleAssets(),
        new CallbackRoute(expediteJob, tracker, bodies),
        events,
        new WebhookRoutes(assembly.tenantSecrets(), assembly.manageWebhooks(), bodies),
        new SystemRoutes(database::isHealthy, gateway, tracker, metrics::scrape),
        new BearerAuth(authenticate),
        new ProblemMapping(Json.mapper(), assembly.clock()),
        metrics::httpRequest,
        new UsageRoute(assembly.reportUsage()));
  }
}
