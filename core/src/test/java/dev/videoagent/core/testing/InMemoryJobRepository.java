package dev.videoagent.core.testing;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The repository as a sorted map: the reference the real ones are held to by the contract test. */
public final class InMemoryJobRepository implements JobRepository {
  private final TreeMap<String, VideoJob> byId = new TreeMap<>();

  @Override
  public synchronized VideoJob insert(VideoJob job) {
    if (byId.containsKey(job.id())) {
      throw new DuplicateJobException("job " + job.id() + " exists", null);
    }
    if (job.idempotencyKey() != null
        && findByIdempotencyKey(job.tenant(), job.idempotencyKey()).isPresent()) {
      throw new DuplicateJobException("idempotency key in use", null);
    }
    VideoJob stored = job.atVersion(0);
    byId.put(job.id(), stored);
    return stored;
  }

  @Override
  public synchronized Optional<VideoJob> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<VideoJob> findByIdempotencyKey(String tenant, String key) {
    return byId.values().stream()
        .filter(j -> j.tenant().equals(tenant) && key.equals(j.idempotencyKey()))
        .findFirst();
  }

  @Override
  public synchronized Optional<VideoJob> update(VideoJob job) {
    VideoJob current = byId.get(job.id());
    if (current == null || current.version() != job.version()) {
      return Optional.empty();
    }
    VideoJob stored = job.atVersion(job.version() + 1);
    byId.put(job.id(), stored);
    return Optional.of(stored);
  }

  @Override
  public synchronized List<VideoJob> findDue(Instant now, int limit) {
    return byId.values().stream()
        .filter(j -> j.isDue(now))
        .sorted(Comparator.comparing(VideoJob::nextCheckAt).thenComparing(VideoJob::id))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized JobPage list(JobQuery query) {
    List<VideoJob> page =
        byId.descendingMap().values().stream()
            .filter(j -> query.tenant() == null || j.tenant().equals(query.tenant()))
            .filter(j -> query.status() == null || j.status() == query.status())
            .filter(j -> query.afterId() == null || j.id().compareTo(query.afterId()) < 0)
            .limit(query.limit() + 1L)
            .toList();
    if (page.size() <= query.limit()) {
      return new JobPage(page, null);
    }
    List<VideoJob> shown = page.subList(0, query.limit());
    return new JobPage(shown, shown.get(shown.size() - 1).id());
  }

  @Override
  public synchronized long countInFlight() {
    return byId.values().stream()
        .filter(j -> j.status().isWithGateway() || j.hasUnansweredAttempt())
        .count();
  }

  @Override
  public synchronized Map<JobStatus, Long> countByStatus() {
    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
    for (JobStatus status : JobStatus.values()) {
      counts.put(status, 0L);
    }
    byId.values().forEach(j -> counts.merge(j.status(), 1L, Long::sum));
    return counts;
  }

  /** Every job, oldest first; for assertions. */
  public synchronized List<VideoJob> all() {
    return List.copyOf(byId.values());
  }

  @Override
  public String toString() {
    return "InMemoryJobRepository" + Objects.toString(byId.keySet());
  }
}
