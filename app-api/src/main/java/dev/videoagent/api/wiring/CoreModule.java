package dev.videoagent.api.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.api.config.Settings;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.ClientKeyRepository;
import dev.videoagent.core.port.IdGenerator;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.MediaDownloader;
import dev.videoagent.core.port.Sleeper;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.usecase.AuthenticateClient;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.ExpediteJob;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.IssueClientKey;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.RefreshJob;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.SubmitJob;
import dev.videoagent.core.usecase.TrackJobs;
import dev.videoagent.core.usecase.TrackingPolicy;
import dev.videoagent.core.usecase.WaitForJob;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The use cases, built by explicit factory methods: the core carries no DI annotations. Needs the
 * ports from a persistence module and a gateway module, and the {@link Settings}.
 */
public final class CoreModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(Closer.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  Clock clock() {
    // Milliseconds: what the database keeps, so a job read back equals the job written.
    return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }

  @Provides
  @Singleton
  RandomGenerator random() {
    // Shared by every tracker thread: each draws from its own thread-local generator.
    return () -> ThreadLocalRandom.current().nextLong();
  }

  @Provides
  @Singleton
  IdGenerator ids(Clock clock) {
    return new TimeOrderedIdGenerator(clock, new SecureRandom());
  }

  @Provides
  @Singleton
  Sleeper sleeper() {
    return Sleeper.system();
  }

  @Provides
  @Singleton
  TrackingPolicy policy(Settings settings) {
    return TrackingPolicy.defaults()
        .withMaxInFlight(settings.maxInFlight())
        .withDeadline(settings.jobDeadline())
        .withLease(settings.claimLease());
  }

  @Provides
  @Singleton
  CreateJob createJob(JobRepository jobs, IdGenerator ids, Clock clock, TrackingPolicy policy) {
    return new CreateJob(jobs, ids, clock, policy);
  }

  @Provides
  @Singleton
  SubmitJob submitJob(
      JobRepository jobs,
      VideoGateway gateway,
      CallbackAddress callbacks,
      Clock clock,
      TrackingPolicy policy,
      RandomGenerator random) {
    return new SubmitJob(jobs, gateway, callbacks, clock, policy, random);
  }

  @Provides
  @Singleton
  RefreshJob refreshJob(
      JobRepository jobs,
      SubmitJob submitJob,
      VideoGateway gateway,
      MediaDownloader downloader,
      Clock clock,
      TrackingPolicy policy,
      RandomGenerator random) {
    return new RefreshJob(jobs, submitJob, gateway, downloader, clock, policy, random);
  }

  @Provides
  @Singleton
  TrackJobs trackJobs(JobRepository jobs, RefreshJob refreshJob, Clock clock) {
    return new TrackJobs(jobs, refreshJob, clock);
  }

  @Provides
  @Singleton
  WaitForJob waitForJob(JobRepository jobs, RefreshJob refreshJob, Clock clock, Sleeper sleeper) {
    return new WaitForJob(jobs, refreshJob, clock, sleeper);
  }

  @Provides
  @Singleton
  GetJob getJob(JobRepository jobs) {
    return new GetJob(jobs);
  }

  @Provides
  @Singleton
  ListJobs listJobs(JobRepository jobs) {
    return new ListJobs(jobs);
  }

  @Provides
  @Singleton
  CancelJob cancelJob(JobRepository jobs, Clock clock) {
    return new CancelJob(jobs, clock);
  }

  @Provides
  @Singleton
  RetryJob retryJob(JobRepository jobs, Clock clock, TrackingPolicy policy) {
    return new RetryJob(jobs, clock, policy);
  }

  @Provides
  @Singleton
  DownloadVideo downloadVideo(
      JobRepository jobs, RefreshJob refreshJob, VideoStore store, Clock clock) {
    return new DownloadVideo(jobs, refreshJob, store, clock);
  }

  @Provides
  @Singleton
  ExpediteJob expediteJob(JobRepository jobs, Clock clock) {
    return new ExpediteJob(jobs, clock);
  }

  @Provides
  @Singleton
  IssueClientKey issueClientKey(ClientKeyRepository keys, IdGenerator ids, Clock clock) {
    return new IssueClientKey(keys, ids, clock);
  }

  @Provides
  @Singleton
  AuthenticateClient authenticateClient(ClientKeyRepository keys, Clock clock) {
    return new AuthenticateClient(keys, clock);
  }
}
