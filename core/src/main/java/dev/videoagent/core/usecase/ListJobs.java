package dev.videoagent.core.usecase;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;

/** Pages through jobs, newest first. */
public final class ListJobs {
  private final JobRepository jobs;

  public ListJobs(JobRepository jobs) {
    this.jobs = jobs;
  }

  /**
   * @param status only this status, or {@code null}
   * @param afterId continue after this id (from the previous page), or {@code null}
   */
  public JobPage list(Access access, JobStatus status, int limit, String afterId) {
    return jobs.list(new JobQuery(access.tenantFilter().orElse(null), status, limit, afterId));
  }
}
