package dev.videoagent.core.port;

import dev.videoagent.core.VideoJob;
import java.util.List;
import java.util.Optional;

/**
 * One page of jobs.
 *
 * @param nextAfterId the id to continue after, or {@code null} on the last page
 */
public record JobPage(List<VideoJob> jobs, String nextAfterId) {
  public JobPage {
    jobs = List.copyOf(jobs);
  }

  public Optional<String> nextAfterIdIfAny() {
    return Optional.ofNullable(nextAfterId);
  }
}
