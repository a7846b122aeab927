package dev.videoagent.cli;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.ListJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a job usually takes here, from the recent completed jobs in the database (created to
 * completed, first attempts only): the median, which one slow job does not skew.
 */
final class EtaEstimate {
  /** How many recent completed jobs to learn from. */
  static final int HISTORY = 25;

  private final Duration typical;

  private EtaEstimate(Duration typical) {
    this.typical = typical;
  }

  static EtaEstimate fromHistory(ListJobs listJobs) {
    List<VideoJob> recent =
        listJobs.list(Access.operator(), JobStatus.COMPLETED, HISTORY, null).jobs();
    List<Duration> durations = new ArrayList<>();
    for (VideoJob job : recent) {
      if (job.completedAt() != null && job.attempt() == 1) {
        durations.add(Duration.between(job.createdAt(), job.completedAt()));
      }
    }
    return of(durations);
  }

  static EtaEstimate of(List<Duration> durations) {
    if (durations.isEmpty()) {
      return new EtaEstimate(null);
    }
    List<Duration> sorted = new ArrayList<>(durations);
    sorted.sort(null);
    return new EtaEstimate(sorted.get(sorted.size() / 2));
  }

  boolean hasHistory() {
    return typical != null;
  }

  /** The typical duration of one job, if any job completed before. */
  Duration typical() {
    return typical;
  }

  /**
   * The ETA part of a progress line for {@code job}: its own estimate when the tracker made one
   * (from the duration history of jobs like it, see {@link VideoJob#estimatedCompletionAt}), else
   * the typical duration of recent jobs; and a word when the job was found stalled.
   */
  String describe(VideoJob job, Instant now, Duration elapsed) {
    String stalled =
        job.stalledSince() == null
            ? ""
            : " (stalled: no progress at the gateway since "
                + Durations.format(Duration.between(job.statusSince(), now))
                + ")";
    Instant estimate = job.estimatedCompletionAt();
    if (estimate == null) {
      return describe(elapsed) + stalled;
    }
    Duration left = Duration.between(now, estimate);
    if (left.compareTo(Duration.ofSeconds(1)) < 0) {
      return "ETA: any moment" + stalled;
    }
    return "ETA ~" + Durations.format(left) + stalled;
  }

  /** The ETA part of a progress line for a job that has been running for {@code elapsed}. */
  String describe(Duration elapsed) {
    if (typical == null) {
      return "ETA: no history yet";
    }
    Duration left = typical.minus(elapsed);
    if (left.compareTo(Duration.ofSeconds(1)) < 0) {
      return "ETA: any moment (usually " + Durations.format(typical) + ")";
    }
    return "ETA ~" + Durations.format(left);
  }
}
