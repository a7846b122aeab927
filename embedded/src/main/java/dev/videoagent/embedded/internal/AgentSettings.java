package dev.videoagent.embedded.internal;

import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.assembly.config.Settings;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.usecase.PollSchedule;
import dev.videoagent.embedded.VideoListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * Everything a {@code VideoAgent.Builder} resolved, already checked and with defaults applied: the
 * settings every caller shares, and what only the library has.
 *
 * @param settings what the service and the command line read too, from the same definitions
 * @param tenant whose jobs this agent creates and sees
 * @param polling when running jobs are read, or {@code null} for the standard schedule
 * @param idlePoll how often an idle tracker (and a wait that only watches) looks at the database
 * @param sandbox how the sandbox behaves (used when {@code settings.sandbox()})
 * @param dataSource the host's own pool for the job database, or {@code null}
 * @param hostExecutor the host's pool for tracker work, or {@code null} to use the agent's own
 * @param clock the time source, before millisecond ticking
 * @param shutdownGrace how long {@code close()} waits for work under way
 * @param listeners listeners registered from the start
 */
public record AgentSettings(
    Settings settings,
    TenantName tenant,
    PollSchedule polling,
    Duration idlePoll,
    SandboxConfig sandbox,
    DataSource dataSource,
    ExecutorService hostExecutor,
    Clock clock,
    Duration shutdownGrace,
    List<VideoListener> listeners) {

  public AgentSettings {
    listeners = List.copyOf(listeners);
  }
}
