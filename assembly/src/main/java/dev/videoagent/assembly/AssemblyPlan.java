package dev.videoagent.assembly;

import dev.videoagent.core.usecase.BackgroundTracker;
import dev.videoagent.core.usecase.JobPolicy;
import java.time.Duration;

/**
 * What an {@link Assembly} builds, described without building it: two callers given the same
 * configuration agree when their plans are {@code equal}.
 *
 * @param gateway {@code sandbox}, or {@code pixazo} and the gateway's origin
 * @param timeouts the gateway client's time-outs
 * @param breaker the circuit breaker around the gateway
 * @param policy the tracking policy (polling, back-off, lease, deadline, the in-flight cap)
 * @param tracker the background tracker: concurrency, the gateway call rate, idle poll, batch
 * @param workers the worker pool
 * @param stalePartAge unfinished downloads older than this are removed at start
 * @param store where the videos are kept, as {@code VIDEOAGENT_STORE} names it
 * @param database the job database, without credentials
 * @param maxDownloadBytes the largest video accepted
 * @param callbacks whether submits ask the gateway to call back (a public URL is set)
 */
public record AssemblyPlan(
    String gateway,
    Timeouts timeouts,
    GuardedGateway.BreakerSettings breaker,
    JobPolicy policy,
    BackgroundTracker.Settings tracker,
    WorkerPool.Plan workers,
    Duration stalePartAge,
    String store,
    String database,
    long maxDownloadBytes,
    boolean callbacks) {

  /** The gateway client's time-outs: to connect, for a submit's answer, for a status read. */
  public record Timeouts(Duration connect, Duration submit, Duration status) {}
}
