package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.util.Optional;

/** Reads one job as stored; another tenant's job is simply not there. */
public final class GetJob {
  private final JobRepository jobs;

  public GetJob(JobRepository jobs) {
    this.jobs = jobs;
  }

  public Optional<VideoJob> get(Access access, String id) {
    return jobs.findById(id).filter(access::permits);
  }
}
