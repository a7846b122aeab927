package dev.videoagent.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.usecase.AdvanceDueJobs;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.CancelJob;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.GetJob;
import dev.videoagent.core.usecase.IssueClientKey;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.ReportUsage;
import dev.videoagent.core.usecase.RetryJob;
import dev.videoagent.core.usecase.SetTenantLimits;
import dev.videoagent.core.usecase.WaitForJob;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The command line's injector: the {@link Assembly} of the effective settings, and the parts of it
 * the commands ask for, exposed as the assembly made them. Nothing is opened until a command asks.
 */
final class CliModule extends AbstractModule {
  private final Settings settings;
  private final UnaryOperator<Assembly.Builder> tuning;

  /**
   * @param tuning adjusts the assembly (tests: a sandbox that finishes fast, quick polling)
   */
  CliModule(Settings settings, UnaryOperator<Assembly.Builder> tuning) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
  }

  @Provides
  @Singleton
  Assembly assembly() {
    return tuning.apply(Assembly.builder(settings)).build();
  }

  @Provides
  Clock clock(Assembly assembly) {
    return assembly.clock();
  }

  @Provides
  CreateJob createJob(Assembly assembly) {
    return assembly.createJob();
  }

  @Provides
  AdvanceJob advanceJob(Assembly assembly) {
    return assembly.advanceJob();
  }

  @Provides
  AdvanceDueJobs advanceDueJobs(Assembly assembly) {
    return assembly.advanceDueJobs();
  }

  @Provides
  WaitForJob waitForJob(Assembly assembly) {
    return assembly.waitForJob();
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
  IssueClientKey issueClientKey(Assembly assembly) {
    return assembly.issueClientKey();
  }

  @Provides
  SetTenantLimits tenantLimits(Assembly assembly) {
    return assembly.tenantLimits();
  }

  @Provides
  ReportUsage reportUsage(Assembly assembly) {
    return assembly.reportUsage();
  }
}
