package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.JobStamp;
import java.util.Optional;

/** Reads one job as stored; another tenant's job is simply not there. */
public final class GetJob {
  private final JobRepository jobs;
  private final JobStore store;

  public GetJob(JobRepository jobs) {
    this.jobs = jobs;
    this.store = new JobStore(jobs);
  }

  public Optional<VideoJob> get(Access access, String id) {
    return store.find(access, id);
  }

  /**
   * Only the stored job's version, for a caller that keeps a copy of what it made of the job and
   * asks whether that copy is still current; empty where {@link #get} would be.
   */
  public Optional<JobStamp> stamp(Access access, String id) {
    return jobs.findStamp(id).filter(stamp -> access.permitsTenant(stamp.tenant()));
  }
}
