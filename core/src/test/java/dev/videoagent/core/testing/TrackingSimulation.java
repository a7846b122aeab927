package dev.videoagent.core.testing;

import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.usecase.AdvanceDueJobs;
import dev.videoagent.core.usecase.AdvanceJob;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.ExpediteJob;
import dev.videoagent.core.usecase.JobPolicy;
import dev.videoagent.core.usecase.SubmitJob;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The tracking use cases as they run in production ({@link CreateJob}, {@link SubmitJob}, {@link
 * AdvanceJob}, {@link AdvanceDueJobs}, and {@link ExpediteJob} for webhooks) over in-memory fakes
 * and a virtual clock that jumps from one due moment to the next: thousands of jobs in seconds.
 * Every job is created at the start; the in-flight cap lets them through in turn, and each learns
 * from those completed before it (the duration history lives in the repository, as in production).
 */
public final class TrackingSimulation {

  /**
   * Job durations: log-normal around {@code median}, drawn again while outside {@code [min, max]}.
   */
  public record DurationMix(Duration median, double sigma, Duration min, Duration max) {
    /** The mix the figures in docs/benchmarks.md are measured on: median 4 min, 1 to 20 min. */
    public static DurationMix standard() {
      return new DurationMix(
          Duration.ofMinutes(4), 0.5, Duration.ofMinutes(1), Duration.ofMinutes(20));
    }

    Duration draw(Random random) {
      while (true) {
        double seconds = median.toSeconds() * Math.exp(random.nextGaussian() * sigma);
        if (seconds >= min.toSeconds() && seconds <= max.toSeconds()) {
          return Duration.ofMillis(Math.round(seconds * 1000));
        }
      }
    }
  }

  /**
   * What a run measured over the jobs after the first {@code warmUp}.
   *
   * @param jobs jobs measured
   * @param readsPerJob gateway status reads per job (the callback's read included)
   * @param meanDelaySeconds from the gateway finishing to the job stored as completed
   * @param p95DelayShare the 95th percentile of that delay as a share of the job's duration
   * @param medianEstimateErrorAtAcceptSeconds median |estimate − completion| of the estimate made
   *     when the gateway took the job; {@code NaN} when no job had one
   * @param medianEstimateErrorSeconds the same over every estimate made while the job ran
   * @param jobsWithEstimate share of the measured jobs that had an estimate at acceptance
   */
  public record Result(
      int jobs,
      double readsPerJob,
      double meanDelaySeconds,
      double p95DelayShare,
      double medianEstimateErrorAtAcceptSeconds,
      double medianEstimateErrorSeconds,
      double jobsWithEstimate) {}

  private final JobPolicy policy;
  private final DurationMix mix;
  private final boolean webhooks;

  public TrackingSimulation(JobPolicy policy, DurationMix mix, boolean webhooks) {
    this.policy = policy;
    this.mix = mix;
    this.webhooks = webhooks;
  }

  /**
   * Runs {@code count} jobs drawn with {@code seed}; measures those after the first {@code warmUp}.
   */
  public Result run(int count, int warmUp, long seed) {
    Random random = new Random(seed);
    MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    Map<String, Duration> durations = new HashMap<>();
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String prompt = String.format("simulated job %05d", i);
      prompts.add(prompt);
      durations.put(prompt, mix.draw(random));
    }
    SimulatedGateway gateway = new SimulatedGateway(clock, durations::get);
    Map<String, List<Double>> estimateErrors = new HashMap<>();
    InMemoryJobRepository stored = new InMemoryJobRepository();
    ForwardingJobRepository jobs =
        new ForwardingJobRepository(stored) {
          @Override
          public Optional<VideoJob> update(VideoJob job) {
            Optional<VideoJob> written = super.update(job);
            written
                .filter(j -> j.estimatedCompletionAt() != null && j.status().isWithGateway())
                .ifPresent(
                    j -> {
                      Instant done = gateway.completionOf(j.request().prompt());
                      double error =
                          Math.abs(Duration.between(done, j.estimatedCompletionAt()).toMillis())
                              / 1000.0;
                      estimateErrors.computeIfAbsent(j.id(), id -> new ArrayList<>()).add(error);
                    });
            return written;
          }
        };
    CallbackAddress callbacks =
        webhooks
            ? job -> Optional.of(URI.create("https://videoagent.example/cb/" + job.id()))
            : CallbackAddress.none();
    CreateJob create = new CreateJob(jobs, new TimeOrderedIdGenerator(clock), clock, policy);
    SubmitJob submit = new SubmitJob(jobs, gateway, callbacks, clock, policy, random);
    AdvanceJob advance =
        new AdvanceJob(
            jobs,
            submit,
            gateway,
            new ScriptedDownloader(new InMemoryVideoStore()),
            clock,
            policy,
            random);
    AdvanceDueJobs rounds = new AdvanceDueJobs(jobs, advance, clock);
    ExpediteJob expedite = new ExpediteJob(jobs, clock, clock::advance);

    Map<String, String> idOfPrompt = new LinkedHashMap<>();
    List<String> unsettled = new ArrayList<>();
    Map<String, Boolean> calledBack = new HashMap<>();
    int waiting = 0;
    while (idOfPrompt.size() < prompts.size() || !unsettled.isEmpty()) {
      // Users keep a few jobs waiting for a slot, as a steady stream would: all made at once would
      // wait past their deadline.
      while (waiting < policy.maxInFlight() && idOfPrompt.size() < prompts.size()) {
        String prompt = prompts.get(idOfPrompt.size());
        String id = create.create("sim", VideoRequest.of(prompt), null).job().id();
        idOfPrompt.put(prompt, id);
        unsettled.add(id);
        waiting++;
      }
      rounds.runOnce(50);
      if (webhooks) {
        for (Map.Entry<String, String> e : idOfPrompt.entrySet()) {
          Instant done = gateway.completionOf(e.getKey());
          if (done != null
              && !done.isAfter(clock.instant())
              && !calledBack.containsKey(e.getKey())) {
            calledBack.put(e.getKey(), true);
            VideoJob job = jobs.findById(e.getValue()).orElseThrow();
            expedite.expedite(job.id(), job.callbackToken());
          }
        }
        rounds.runOnce(50);
      }
      Instant next = null;
      waiting = 0;
      List<String> still = new ArrayList<>();
      for (String id : unsettled) {
        VideoJob job = jobs.findById(id).orElseThrow();
        if (job.isSettled()) {
          continue;
        }
        still.add(id);
        if (job.waitsForSlot()) {
          waiting++;
          // Due since it was made, but moves only when a slot frees, which another job's turn does.
          continue;
        }
        next = earliest(next, job.nextCheckAt());
        if (webhooks && !calledBack.containsKey(job.request().prompt())) {
          next = earliest(next, gateway.completionOf(job.request().prompt()));
        }
      }
      unsettled = still;
      if (next == null) {
        continue;
      }
      if (next.isAfter(clock.instant())) {
        clock.set(next);
      }
    }
    return measure(prompts, idOfPrompt, durations, gateway, jobs, estimateErrors, warmUp);
  }

  private static Result measure(
      List<String> prompts,
      Map<String, String> idOfPrompt,
      Map<String, Duration> durations,
      SimulatedGateway gateway,
      ForwardingJobRepository jobs,
      Map<String, List<Double>> estimateErrors,
      int warmUp) {
    // Measured in the order the gateway took them: those before had their history to learn from.
    List<VideoJob> done = new ArrayList<>();
    for (String prompt : prompts) {
      done.add(jobs.findById(idOfPrompt.get(prompt)).orElseThrow());
    }
    done.sort((a, b) -> a.acceptedAt().compareTo(b.acceptedAt()));
    List<VideoJob> measured = done.subList(Math.min(warmUp, done.size()), done.size());
    double reads = 0;
    double delays = 0;
    List<Double> shares = new ArrayList<>();
    List<Double> atAccept = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    for (VideoJob job : measured) {
      String prompt = job.request().prompt();
      Instant finished = gateway.completionOf(prompt);
      double delay = Duration.between(finished, job.completedAt()).toMillis() / 1000.0;
      reads += gateway.readsOf(prompt);
      delays += delay;
      shares.add(delay / (durations.get(prompt).toMillis() / 1000.0));
      List<Double> errors = estimateErrors.getOrDefault(job.id(), List.of());
      if (!errors.isEmpty()) {
        atAccept.add(errors.get(0));
        all.addAll(errors);
      }
    }
    int n = measured.size();
    return new Result(
        n,
        reads / n,
        delays / n,
        percentile(shares, 0.95),
        percentile(atAccept, 0.5),
        percentile(all, 0.5),
        atAccept.size() / (double) n);
  }

  private static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
