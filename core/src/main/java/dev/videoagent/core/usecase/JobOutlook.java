package dev.videoagent.core.usecase;

import dev.videoagent.core.DurationHistogram;
import dev.videoagent.core.DurationSample;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the duration history says about a running job right after it was accepted or read: the next
 * read, the estimate and whether it stalled, for {@link SubmitJob} and {@link AdvanceJob} alike.
 */
final class JobOutlook {
  private final JobRepository jobs;
  private final JobPolicy policy;

  JobOutlook(JobRepository jobs, JobPolicy policy) {
    this.jobs = jobs;
    this.policy = policy;
  }

  /** {@code running} as it is about to be stored, with its next read, estimate and stall flag. */
  VideoJob assess(VideoJob running, Instant now, double random) {
    HistorySchedule rules = policy.history();
    DurationHistogram history = historyOf(running, rules);
    Duration elapsed =
        running.acceptedAt() == null ? null : Duration.between(running.acceptedAt(), now);
    PollSchedule fallback = policy.readSchedule(running.callbackRegistered());
    Duration wait =
        running.callbackRegistered()
            ? rules.safetyNetDelay(history, elapsed, running.statusReads(), fallback, random)
            : rules.pollDelay(history, elapsed, running.statusReads(), fallback, random);
    Instant estimate =
        elapsed == null
            ? null
            : rules.expectedTotal(history, elapsed).map(running.acceptedAt()::plus).orElse(null);
    boolean stalled =
        running.statusSince() != null
            && !now.isBefore(running.statusSince().plus(rules.stallAfter(history)));
    return running.withOutlook(now.plus(wait), estimate, stalled, now);
  }

  /** The job's own kind's history once it is believed, else every job's. */
  private DurationHistogram historyOf(VideoJob job, HistorySchedule rules) {
    List<String> keys = DurationSample.keysOf(job.request());
    DurationHistogram last = DurationHistogram.empty();
    for (String key : keys) {
      last = jobs.durationHistory(key);
      if (rules.believes(last)) {
        return last;
      }
    }
    return last;
  }
}
