package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import java.util.Optional;

/** Reads one job as stored; another tenant's job is simply not there. */
public final class GetJob {
  private final JobStore store;

  public GetJob(JobRepository jobs) {
    this.store = new JobStore(jobs);
  }

  public Optional<VideoJob> get(Access access, String id) {
    return store.find(access, id);
  }
}
