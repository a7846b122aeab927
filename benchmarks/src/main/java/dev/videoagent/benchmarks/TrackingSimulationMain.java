package dev.videoagent.benchmarks;

import dev.videoagent.core.testing.TrackingSimulation;
import dev.videoagent.core.testing.TrackingSimulation.DurationMix;
import dev.videoagent.core.testing.TrackingSimulation.Result;
import dev.videoagent.core.usecase.HistorySchedule;
import dev.videoagent.core.usecase.JobPolicy;
import dev.videoagent.core.usecase.PollSchedule;
import java.time.Duration;
import java.util.Locale;

/**
 * The figures of docs/benchmarks.md, "History-aware tracking": the real tracking use cases over a
 * virtual clock, on the standard duration mix, for a fixed 5 s poller, today's growing schedule,
 * the history-aware schedule and the gateway's webhook. Arguments: jobs (default 3000), seed
 * (default 20261202).
 */
public final class TrackingSimulationMain {
  private TrackingSimulationMain() {}

  public static void main(String[] args) {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261202L;
    int warmUp = 100;
    DurationMix mix = DurationMix.standard();
    JobPolicy defaults = JobPolicy.defaults();
    JobPolicy today = defaults.withHistory(HistorySchedule.never());
    JobPolicy fixed =
        today.withPolling(new PollSchedule(Duration.ofSeconds(5), 1.0, Duration.ofSeconds(5), 0));
    System.out.printf("mix %s, %d jobs, seed %d, first %d measured out%n", mix, jobs, seed, warmUp);
    System.out.println(
        "schedule              reads/job  mean delay s  p95 delay %  est. error at accept s  est."
            + " error all s");
    print("fixed 5 s poller", new TrackingSimulation(fixed, mix, false).run(jobs, warmUp, seed));
    print("today's schedule", new TrackingSimulation(today, mix, false).run(jobs, warmUp, seed));
    print("history-aware", new TrackingSimulation(defaults, mix, false).run(jobs, warmUp, seed));
    print("webhook, no history", new TrackingSimulation(today, mix, true).run(jobs, warmUp, seed));
    print("webhook + history", new TrackingSimulation(defaults, mix, true).run(jobs, warmUp, seed));
  }

  private static void print(String name, Result r) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-20s  %9.2f  %12.1f  %11.1f  %22.0f  %15.0f",
            name,
            r.readsPerJob(),
            r.meanDelaySeconds(),
            r.p95DelayShare() * 100,
            r.medianEstimateErrorAtAcceptSeconds(),
            r.medianEstimateErrorSeconds()));
  }
}
