package dev.videoagent.api.metrics;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.port.JobRepository;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job counts by status for the metrics gauge, read from the database at most once per {@code ttl}
 * however often Prometheus scrapes. When the database does not answer, the last counts are kept
 * (NaN before the first good read), and the failure shows on {@code /health}.
 */
public final class JobCounts {
  private static final Logger log = LoggerFactory.getLogger(JobCounts.class);

  private final JobRepository jobs;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private Map<JobStatus, Long> counts;
  private Long stalled;
  private long readAt;
  private boolean attempted;

  public JobCounts(JobRepository jobs, Duration ttl) {
    this(jobs, ttl, System::nanoTime);
  }

  JobCounts(JobRepository jobs, Duration ttl, LongSupplier nanoTime) {
    this.jobs = jobs;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  public synchronized double count(JobStatus status) {
    refreshIfOld();
    return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
  }

  /** Running jobs flagged stalled ({@code stalled_since} set), cached like the counts. */
  public synchronized double stalled() {
    refreshIfOld();
    return stalled == null ? Double.NaN : stalled;
  }

  private void refreshIfOld() {
    long now = nanoTime.getAsLong();
    if (!attempted || now - readAt >= ttlNanos) {
      attempted = true;
      // Failures are cached too: a database that does not answer is asked once per ttl, not once
      // per gauge of every scrape.
      readAt = now;
      try {
        counts = new EnumMap<>(jobs.countByStatus());
        stalled = jobs.countStalled();
      } catch (RuntimeException e) {
        log.debug("Could not count jobs for the metrics: {}", e.toString());
      }
    }
  }
}
