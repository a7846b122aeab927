package dev.videoagent.api;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.api.config.Settings;
import dev.videoagent.api.http.ApiRoutes;
import dev.videoagent.api.http.BearerAuth;
import dev.videoagent.api.http.CallbackRoute;
import dev.videoagent.api.http.ContentRoute;
import dev.videoagent.api.http.ProblemMapping;
import dev.videoagent.api.http.RequestBodies;
import dev.videoagent.api.http.SystemRoutes;
import dev.videoagent.api.http.VideoRoutes;
import dev.videoagent.api.json.Json;
import dev.videoagent.api.metrics.JobCounts;
import dev.videoagent.api.metrics.ServiceMetrics;
import dev.videoagent.api.wiring.GatewayObserver;
import dev.videoagent.api.wiring.GuardedGateway;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.usecase.AuthenticateClient;
import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.ExpediteJob;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.RefreshJob;
import dev.videoagent.core.usecase.RetryJob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The REST service's own parts: routes, metrics, the background tracker. Builds nothing heavy when
 * the injector is made; the service starts what needs starting. Install it beside the standard
 * wiring; it makes the metrics the gateway pipeline's observer, so gateway calls are counted.
 */
public final class ApiModule extends AbstractModule {
  /** How long the tracker sleeps when nothing is due and nobody wakes it. */
  static final Duration IDLE_POLL = Duration.ofSeconds(1);

  /** Due jobs read from the database per tracking round. */
  static final int TRACKER_BATCH = 100;

  /** How long the job counts of {@code /metrics} are reused. */
  static final Duration JOB_COUNTS_TTL = Duration.ofSeconds(5);

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), GatewayObserver.class)
        .setBinding()
        .to(ServiceMetrics.class);
  }

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
  BackgroundTracker.Settings trackerSettings(Settings settings) {
    return new BackgroundTracker.Settings(
        settings.gatewayConcurrency(), settings.gatewayCallsPerSecond(), IDLE_POLL, TRACKER_BATCH);
  }

  @Provides
  @Singleton
  ServiceTracker tracker(
      JobRepository jobs,
      RefreshJob refreshJob,
      Clock clock,
      BackgroundTracker.Settings trackerSettings,
      ServiceMetrics metrics) {
    return new ServiceTracker(jobs, refreshJob, clock, trackerSettings, metrics);
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
  ApiRoutes routes(
      CreateJob createJob,
      GetJob getJob,
      ListJobs listJobs,
      CancelJob cancelJob,
      RetryJob retryJob,
      DownloadVideo downloadVideo,
      ExpediteJob expediteJob,
      AuthenticateClient authenticate,
      ServiceTracker tracker,
      Database database,
      ServiceMetrics metrics,
      JobCounts jobCounts,
      GuardedGateway gateway,
      RequestBodies bodies) {
    // jobCounts is asked for only so that its gauges are registered before the first scrape.
    // The breaker's gauge is bound here, not with the metrics: the gateway observes through them.
    metrics.bindGatewayBreaker(gateway::isDegraded);
    return new ApiRoutes(
        new VideoRoutes(createJob, getJob, listJobs, cancelJob, retryJob, tracker, bodies),
        new ContentRoute(downloadVideo),
        new CallbackRoute(expediteJob, tracker, bodies),
        new SystemRoutes(database::isHealthy, gateway, tracker, metrics::scrape),
        new BearerAuth(authenticate),
        new ProblemMapping(Json.mapper()),
        metrics::httpRequest);
  }
}
