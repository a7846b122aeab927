package dev.videoagent.core.testing;

import dev.videoagent.core.DailyCaps;
import dev.videoagent.core.DurationHistogram;
import dev.videoagent.core.DurationSample;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.DailyLimitReachedException;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.JobStamp;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.WorkBacklog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The repository as a sorted map: the reference the real ones are held to by the contract test. */
public final class InMemoryJobRepository implements JobRepository {
  private final TreeMap<String, VideoJob> byId = new TreeMap<>();
  private final List<JobEvent> events = new ArrayList<>();
  private final Map<String, DurationHistogram> durations = new HashMap<>();
  private final EventPayloads payloads;
  private final InMemoryUsage usage;
  private final DailyCaps caps;
  private long lastSeq;

  public InMemoryJobRepository() {
    this(new TestEventPayloads());
  }

  public InMemoryJobRepository(EventPayloads payloads) {
    this(payloads, new InMemoryUsage(), DailyCaps.NONE);
  }

  /** Jobs that count their usage into {@code usage} and keep to {@code caps}. */
  public InMemoryJobRepository(EventPayloads payloads, InMemoryUsage usage, DailyCaps caps) {
    this.payloads = payloads;
    this.usage = usage;
    this.caps = caps;
  }

  /** The usage counters and tenant limits this repository writes and keeps to. */
  public InMemoryUsage usage() {
    return usage;
  }

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
    count(stored, job.createdAt(), UsageCounts.ofInsert(stored));
    byId.put(job.id(), stored);
    return stored;
  }

  @Override
  public synchronized Optional<VideoJob> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<JobStamp> findStamp(String id) {
    return findById(id).map(job -> new JobStamp(job.tenant(), job.version()));
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
    write(current, stored);
    return Optional.of(stored);
  }

  @Override
  public synchronized List<VideoJob> findDueWork(Instant now, int limit) {
    requirePositive(limit);
    return byId.values().stream()
        .filter(j -> j.isDue(now) && !(j.waitsForSlot() && j.deadline().isAfter(now)))
        .sorted(Comparator.comparing((VideoJob j) -> dueAt(j, now)).thenComparing(VideoJob::id))
        .limit(limit)
        .toList();
  }

  /** A pending job past its deadline became due (to expire) at its deadline. */
  private static Instant dueAt(VideoJob job, Instant now) {
    return job.waitsForSlot() && !job.deadline().isAfter(now) ? job.deadline() : job.nextCheckAt();
  }

  @Override
  public synchronized List<VideoJob> findSubmissionQueue(Instant now, int limit) {
    requirePositive(limit);
    // The map is sorted by id, and ids are time-ordered: creation order.
    return byId.values().stream()
        .filter(j -> j.waitsForSlot() && j.isDue(now) && j.deadline().isAfter(now))
        .filter(j -> !atTenantCap(j.tenant()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized SubmissionMark markSubmission(VideoJob marked, int maxInFlight) {
    if (!marked.hasUnansweredAttempt()) {
      throw new IllegalArgumentException("job " + marked.id() + " carries no attempt mark");
    }
    VideoJob current = byId.get(marked.id());
    if (current == null || current.version() != marked.version() || !current.waitsForSlot()) {
      return new SubmissionMark.Outdated();
    }
    if (countInFlight() >= maxInFlight || atTenantCap(marked.tenant())) {
      return new SubmissionMark.CapReached();
    }
    VideoJob stored = marked.atVersion(marked.version() + 1);
    write(current, stored);
    return new SubmissionMark.Marked(stored);
  }

  @Override
  public synchronized WorkBacklog backlog(Instant now) {
    long waiting = byId.values().stream().filter(VideoJob::waitsForSlot).count();
    Instant earliestWork =
        findDueWork(now, 1).stream().findFirst().map(j -> dueAt(j, now)).orElse(null);
    Instant earliestSubmission =
        findSubmissionQueue(now, 1).stream().findFirst().map(VideoJob::nextCheckAt).orElse(null);
    return new WorkBacklog(waiting, countInFlight(), earliestWork, earliestSubmission);
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
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
    return byId.values().stream().filter(VideoJob::holdsSlot).count();
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

  private boolean atTenantCap(String tenant) {
    TenantLimits own = usage.limits(tenant);
    if (own.inFlight() == null) {
      return false;
    }
    long tenantInFlight =
        byId.values().stream()
            .filter(j -> j.tenant().equals(tenant))
            .filter(j -> j.status().isWithGateway() || j.hasUnansweredAttempt())
            .count();
    return tenantInFlight >= own.inFlight();
  }

  /** Counts {@code counts} on the UTC day of {@code at}, refusing what a daily cap forbids. */
  private void count(VideoJob job, Instant at, UsageCounts counts) {
    if (counts.isZero()) {
      return;
    }
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    if (counts.admissions() > 0) {
      caps.check(
              job.tenant(),
              day,
              usage.admissions(job.tenant(), day) + counts.admissions(),
              usage.deploymentAdmissions(day) + counts.admissions(),
              usage.limits(job.tenant()))
          .ifPresent(
              reached -> {
                throw new DailyLimitReachedException(reached);
              });
    }
    usage.add(job.tenant(), day, counts);
  }

  /** The job and its events together: rendering first, so that a failure writes neither. */
  private void write(VideoJob before, VideoJob stored) {
    List<JobEvent.Unrecorded> drafts = new ArrayList<>();
    for (JobEventType type : JobEventType.between(before, stored)) {
      drafts.add(JobEvent.of(stored, type, payloads.render(type, stored.updatedAt(), stored)));
    }
    count(stored, stored.updatedAt(), UsageCounts.between(before, stored));
    byId.put(stored.id(), stored);
    DurationSample.between(before, stored)
        .ifPresent(
            sample ->
                sample
                    .keys()
                    .forEach(
                        key -> durations.put(key, durationHistory(key).with(sample.duration()))));
    drafts.forEach(draft -> events.add(draft.recordedAs(++lastSeq)));
  }

  @Override
  public synchronized DurationHistogram durationHistory(String key) {
    return durations.getOrDefault(key, DurationHistogram.empty());
  }

  @Override
  public synchronized long countStalled() {
    return byId.values().stream()
        .filter(j -> j.status().isWithGateway() && j.stalledSince() != null)
        .count();
  }

  @Override
  public synchronized List<JobEvent> events(EventQuery query) {
    return events.stream()
        .filter(e -> e.seq() > query.afterSeq())
        .filter(e -> query.tenant() == null || e.tenant().equals(query.tenant()))
        .filter(e -> query.jobId() == null || e.jobId().equals(query.jobId()))
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized long lastEventSeq() {
    return lastSeq;
  }

  @Override
  public synchronized int pruneEvents(Instant cutoff, int limit) {
    requirePositive(limit);
    List<JobEvent> old =
        events.stream().filter(e -> e.occurredAt().isBefore(cutoff)).limit(limit).toList();
    events.removeAll(old);
    return old.size();
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
