package dev.videoagent.embedded.internal;

import dev.videoagent.embedded.VideoListener;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * Everything a {@code VideoAgent.Builder} resolved, already checked and with defaults applied.
 *
 * @param baseUrl the gateway origin; ignored when {@code sandboxCompletionDelay} is set
 * @param apiKey the subscription key; ignored (may be null) when the sandbox is used
 * @param sandboxCompletionDelay how long sandbox jobs take, or {@code null} for the real gateway
 * @param home the data folder; the videos go to {@code home/videos}
 * @param databaseUrl the JDBC URL of the job database (unused when {@code dataSource} is given)
 * @param dataSource the host's own pool for the job database, or {@code null}
 * @param tenant whose jobs this agent creates and sees
 * @param concurrency refreshes (gateway calls, downloads) run at once by the tracker
 * @param callsPerSecond gateway calls per second, at most, of the tracker
 * @param idlePoll how often an idle tracker (and a wait that only watches) looks at the database
 * @param firstPoll delay of a job's first status read after submission
 * @param maxPoll the longest interval between status reads
 * @param maxInFlight jobs allowed at the gateway at once, across every process on the database
 * @param jobDeadline how long a job may take before it ends {@code timed_out}
 * @param maxDownloadBytes the largest video accepted
 * @param hostExecutor the host's pool for tracker work, or {@code null} to use the agent's own
 * @param clock the time source, before millisecond ticking
 * @param shutdownGrace how long {@code close()} waits for work under way
 * @param listeners listeners registered from the start
 */
public record AgentSettings(
    URI baseUrl,
    String apiKey,
    Duration sandboxCompletionDelay,
    Path home,
    String databaseUrl,
    DataSource dataSource,
    String tenant,
    int concurrency,
    double callsPerSecond,
    Duration idlePoll,
    Duration firstPoll,
    Duration maxPoll,
    int maxInFlight,
    Duration jobDeadline,
    long maxDownloadBytes,
    ExecutorService hostExecutor,
    Clock clock,
    Duration shutdownGrace,
    List<VideoListener> listeners) {

  public AgentSettings {
    listeners = List.copyOf(listeners);
  }

  public boolean sandbox() {
    return sandboxCompletionDelay != null;
  }
}
