package dev.videoagent.core.testing;

import dev.videoagent.core.DurationHistogram;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.JobStamp;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.WorkBacklog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hands every call to another repository; tests override the calls they watch or disturb. */
public abstract class ForwardingJobRepository implements JobRepository {
  private final JobRepository jobs;

  protected ForwardingJobRepository(JobRepository jobs) {
    this.jobs = jobs;
  }

  @Override
  public VideoJob insert(VideoJob job) {
    return jobs.insert(job);
  }

  @Override
  public DurationHistogram durationHistory(String key) {
    return jobs.durationHistory(key);
  }

  @Override
  public long countStalled() {
    return jobs.countStalled();
  }

  @Override
  public Optional<VideoJob> findById(String id) {
    return jobs.findById(id);
  }

  @Override
  public Optional<JobStamp> findStamp(String id) {
    return jobs.findStamp(id);
  }

  @Override
  public Optional<VideoJob> findByIdempotencyKey(String tenant, String key) {
    return jobs.findByIdempotencyKey(tenant, key);
  }

  @Override
  public Optional<VideoJob> update(VideoJob job) {
    return jobs.update(job);
  }

  @Override
  public List<VideoJob> findDueWork(Instant now, int limit) {
    return jobs.findDueWork(now, limit);
  }

  @Override
  public List<VideoJob> findSubmissionQueue(Instant now, int limit) {
    return jobs.findSubmissionQueue(now, limit);
  }

  @Override
  public SubmissionMark markSubmission(VideoJob marked, int maxInFlight) {
    return jobs.markSubmission(marked, maxInFlight);
  }

  @Override
  public WorkBacklog backlog(Instant now) {
    return jobs.backlog(now);
  }

  @Override
  public JobPage list(JobQuery query) {
    return jobs.list(query);
  }

  @Override
  public long countInFlight() {
    return jobs.countInFlight();
  }

  @Override
  public Map<JobStatus, Long> countByStatus() {
    return jobs.countByStatus();
  }

  @Override
  public List<JobEvent> events(EventQuery query) {
    return jobs.events(query);
  }

  @Override
  public long lastEventSeq() {
    return jobs.lastEventSeq();
  }

  @Override
  public int pruneEvents(Instant cutoff, int limit) {
    return jobs.pruneEvents(cutoff, limit);
  }
}
