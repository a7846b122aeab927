package dev.videoagent.assembly.events;

import dev.videoagent.core.JobEvent;
import dev.videoagent.core.port.EventQuery;

/**
 * Which events a reader of the feed wants: one job's, one tenant's, or all.
 *
 * @param tenant only this tenant's, or null
 * @param jobId only this job's, or null
 */
public record EventFilter(String tenant, String jobId) {
  public static EventFilter all() {
    return new EventFilter(null, null);
  }

  public static EventFilter tenant(String tenant) {
    return new EventFilter(tenant, null);
  }

  public static EventFilter job(String jobId) {
    return new EventFilter(null, jobId);
  }

  public boolean matches(JobEvent event) {
    return (tenant == null || tenant.equals(event.tenant()))
        && (jobId == null || jobId.equals(event.jobId()));
  }

  /** The same filter as a query of the change record; a job's id already names its tenant. */
  EventQuery query(long afterSeq, int limit) {
    return jobId != null
        ? EventQuery.job(jobId, afterSeq, limit)
        : new EventQuery(tenant, null, afterSeq, limit);
  }
}
