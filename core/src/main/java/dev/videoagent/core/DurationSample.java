package dev.videoagent.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One completed job's duration, to be added to the history of each of its kinds: the rule, kept
 * once, for every repository to apply in the transaction that completes the job.
 *
 * @param keys the histories it belongs to: its kind's, then {@link #ALL}
 * @param duration from the gateway's acceptance to the completion the tracker saw
 */
public record DurationSample(List<String> keys, Duration duration) {
  /** The history of every job, whatever its kind. */
  public static final String ALL = "all";

  public DurationSample {
    keys = List.copyOf(keys);
    Objects.requireNonNull(duration, "duration");
  }

  /** The sample the change from {@code before} to {@code after} gives, if it completed a job. */
  public static Optional<DurationSample> between(VideoJob before, VideoJob after) {
    if (before.status() == JobStatus.COMPLETED
        || after.status() != JobStatus.COMPLETED
        || after.acceptedAt() == null) {
      return Optional.empty();
    }
    Duration took = Duration.between(after.acceptedAt(), after.completedAt());
    return took.isNegative()
        ? Optional.empty()
        : Optional.of(new DurationSample(keysOf(after.request()), took));
  }

  /**
   * The histories a request's job is told by, most specific first: what is known at submit that may
   * change how long the gateway takes (orientation, prompt length, whether the agent picks the
   * avatar and voice itself), then every job. Few kinds by design (3 × 3 × 2), so each fills up.
   */
  public static List<String> keysOf(VideoRequest request) {
    String orientation = request.orientation() == null ? "auto" : request.orientation().wireName();
    int length = request.prompt().length();
    String prompt = length < 300 ? "short" : length < 2000 ? "medium" : "long";
    boolean agentPicks =
        "auto".equals(request.avatar().toLowerCase(Locale.ROOT))
            && "auto".equals(request.voice().toLowerCase(Locale.ROOT));
    return List.of(
        "orientation="
            + orientation
            + ",prompt="
            + prompt
            + ",persona="
            + (agentPicks ? "auto" : "chosen"),
        ALL);
  }

  public int bucket() {
    return DurationHistogram.bucketOf(duration);
  }
}
