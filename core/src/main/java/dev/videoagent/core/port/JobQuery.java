package dev.videoagent.core.port;

import dev.videoagent.core.JobStatus;
import java.util.Optional;

/**
 * A page request over jobs, newest first.
 *
 * @param tenant only this tenant's jobs, or {@code null} for all (operators, the CLI)
 * @param status only jobs in this status, or {@code null}
 * @param limit 1 to 1000 jobs
 * @param afterId only jobs older than this id (the previous page's last id), or {@code null}
 */
public record JobQuery(String tenant, JobStatus status, int limit, String afterId) {
  public JobQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    }
  }

  public Optional<String> tenantIfSet() {
    return Optional.ofNullable(tenant);
  }

  public Optional<JobStatus> statusIfSet() {
    return Optional.ofNullable(status);
  }

  public Optional<String> afterIdIfSet() {
    return Optional.ofNullable(afterId);
  }
}
