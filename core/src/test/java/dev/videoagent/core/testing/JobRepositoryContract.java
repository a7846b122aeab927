package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRepository} must do, checked the same way for the in-memory fake, SQLite and
 * PostgreSQL. Subclasses hand out a fresh, empty repository per test. Instants are kept to the
 * millisecond at least.
 */
public abstract class JobRepositoryContract {
  protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123Z");

  /** A new, empty repository. */
  protected abstract JobRepository repository();

  @Test
  void storesAndReadsBackEveryField() {
    JobRepository jobs = repository();
    VideoJob job = TestJobs.pendingWithKey(TestJobs.id(1), "acme", "key-1", T0);
    VideoJob stored = jobs.insert(job);
    assertThat(stored).isEqualTo(job.atVersion(0));
    assertThat(jobs.findById(job.id())).contains(stored);

    VideoJob completed =
        stored
            .submissionStarted(T0.plusSeconds(1), T0.plusSeconds(180))
            .acceptedByGateway("heygen-video-agent_1", true, T0.plusSeconds(2), T0.plusSeconds(7))
            .stillRunning(JobStatus.PROCESSING, T0.plusSeconds(7), T0.plusSeconds(15))
            .completedAt(URI.create("https://cdn.example.com/v/1.mp4?sig=abc"), T0.plusSeconds(15))
            .contentStored(
                new StoredContent("a".repeat(64), 123_456L, "video/mp4"), T0.plusSeconds(16));
    Optional<VideoJob> updated = jobs.update(completed);
    assertThat(updated).contains(completed.atVersion(1));
    assertThat(jobs.findById(job.id())).contains(completed.atVersion(1));
  }

  @Test
  void keepsFailuresAndAttemptMarks() {
    JobRepository jobs = repository();
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob marked = jobs.update(stored.submissionStarted(T0, T0.plusSeconds(60))).orElseThrow();
    assertThat(marked.hasUnansweredAttempt()).isTrue();
    assertThat(marked.submitStartedAt()).isEqualTo(T0);

    VideoJob failed =
        jobs.update(
                marked.failed(ErrorCode.SUBMISSION_UNKNOWN, "may be billed", T0.plusSeconds(61)))
            .orElseThrow();
    VideoJob read = jobs.findById(failed.id()).orElseThrow();
    assertThat(read.error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
    assertThat(read.error().message()).isEqualTo("may be billed");
    assertThat(read.submitStartedAt()).isNull();
    assertThat(read.nextCheckAt()).isNull();
    assertThat(read).isEqualTo(failed);
  }

  @Test
  void unknownIdIsEmpty() {
    assertThat(repository().findById("vid_nope")).isEmpty();
  }

  @Test
  void refusesADuplicateId() {
    JobRepository jobs = repository();
    jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    assertThatThrownBy(() -> jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0)))
        .isInstanceOf(DuplicateJobException.class);
  }

  @Test
  void idempotencyKeysAreUniquePerTenant() {
    JobRepository jobs = repository();
    jobs.insert(TestJobs.pendingWithKey(TestJobs.id(1), "acme", "k", T0));
    assertThatThrownBy(() -> jobs.insert(TestJobs.pendingWithKey(TestJobs.id(2), "acme", "k", T0)))
        .isInstanceOf(DuplicateJobException.class);
    jobs.insert(TestJobs.pendingWithKey(TestJobs.id(3), "globex", "k", T0));

    assertThat(jobs.findByIdempotencyKey("acme", "k")).map(VideoJob::id).contains(TestJobs.id(1));
    assertThat(jobs.findByIdempotencyKey("globex", "k")).map(VideoJob::id).contains(TestJobs.id(3));
    assertThat(jobs.findByIdempotencyKey("acme", "other")).isEmpty();
  }

  @Test
  void updateIsACompareAndSetOnTheVersion() {
    JobRepository jobs = repository();
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob first = jobs.update(stored.canceled(T0.plusSeconds(1))).orElseThrow();
    assertThat(first.version()).isEqualTo(1);

    Optional<VideoJob> stale = jobs.update(stored.claimedUntil(T0.plusSeconds(99), T0));
    assertThat(stale).isEmpty();
    assertThat(jobs.findById(stored.id())).contains(first);
  }

  @Test
  void updateOfAMissingJobIsEmpty() {
    assertThat(repository().update(TestJobs.pending(TestJobs.id(9), "acme", T0))).isEmpty();
  }

  @Test
  void exactlyOneOfManyConcurrentWritersWins() throws Exception {
    JobRepository jobs = repository();
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Optional<VideoJob>>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Instant until = T0.plusSeconds(100 + i);
        Callable<Optional<VideoJob>> write =
            () -> {
              start.await();
              return jobs.update(stored.claimedUntil(until, T0));
            };
        results.add(pool.submit(write));
      }
      start.countDown();
      int wins = 0;
      for (Future<Optional<VideoJob>> result : results) {
        wins += result.get().isPresent() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(jobs.findById(stored.id()).orElseThrow().version()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void dueJobsComeEarliestFirstAndOnlyWhenDue() {
    JobRepository jobs = repository();
    VideoJob a = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob b = jobs.insert(TestJobs.pending(TestJobs.id(2), "acme", T0.minusSeconds(5)));
    VideoJob c = jobs.insert(TestJobs.pending(TestJobs.id(3), "acme", T0));
    VideoJob later = jobs.insert(TestJobs.pending(TestJobs.id(4), "acme", T0.plusSeconds(30)));
    VideoJob done = jobs.insert(TestJobs.pending(TestJobs.id(5), "acme", T0.minusSeconds(50)));
    jobs.update(done.canceled(T0.minusSeconds(40))).orElseThrow();

    assertThat(jobs.findDue(T0, 10))
        .extracting(VideoJob::id)
        .containsExactly(b.id(), a.id(), c.id());
    assertThat(jobs.findDue(T0, 2)).extracting(VideoJob::id).containsExactly(b.id(), a.id());
    assertThat(jobs.findDue(T0.plusSeconds(30), 10)).extracting(VideoJob::id).contains(later.id());
  }

  @Test
  void listsNewestFirstPageByPageWithoutGapsOrRepeats() {
    JobRepository jobs = repository();
    for (int i = 1; i <= 57; i++) {
      jobs.insert(
          TestJobs.pending(TestJobs.id(i), i % 3 == 0 ? "globex" : "acme", T0.plusSeconds(i)));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JobPage page = jobs.list(new JobQuery("acme", null, 10, cursor));
      page.jobs().forEach(j -> seen.add(j.id()));
      cursor = page.nextAfterId();
      pages++;
    } while (cursor != null && pages < 100);

    List<String> expected = new ArrayList<>();
    for (int i = 57; i >= 1; i--) {
      if (i % 3 != 0) {
        expected.add(TestJobs.id(i));
      }
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void listFiltersByStatusAndTenant() {
    JobRepository jobs = repository();
    VideoJob a = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    jobs.insert(TestJobs.pending(TestJobs.id(2), "acme", T0));
    jobs.insert(TestJobs.pending(TestJobs.id(3), "globex", T0));
    jobs.update(a.canceled(T0)).orElseThrow();

    assertThat(jobs.list(new JobQuery("acme", JobStatus.CANCELED, 10, null)).jobs())
        .extracting(VideoJob::id)
        .containsExactly(a.id());
    assertThat(jobs.list(new JobQuery(null, JobStatus.PENDING, 10, null)).jobs())
        .extracting(VideoJob::id)
        .containsExactly(TestJobs.id(3), TestJobs.id(2));
    JobPage exact = jobs.list(new JobQuery(null, null, 3, null));
    assertThat(exact.jobs()).hasSize(3);
    assertThat(exact.nextAfterId()).isNull();
  }

  @Test
  void countsJobsInFlightAndByStatus() {
    JobRepository jobs = repository();
    VideoJob pending = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob marked = jobs.insert(TestJobs.pending(TestJobs.id(2), "acme", T0));
    VideoJob queued = jobs.insert(TestJobs.pending(TestJobs.id(3), "acme", T0));
    jobs.update(marked.submissionStarted(T0, T0.plusSeconds(60))).orElseThrow();
    jobs.update(
            queued
                .submissionStarted(T0, T0.plusSeconds(60))
                .acceptedByGateway("r3", false, T0, T0.plusSeconds(5)))
        .orElseThrow();

    assertThat(jobs.countInFlight()).isEqualTo(2);
    assertThat(jobs.countByStatus())
        .containsEntry(JobStatus.PENDING, 2L)
        .containsEntry(JobStatus.QUEUED, 1L)
        .containsEntry(JobStatus.COMPLETED, 0L);
    assertThat(pending.status()).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void manyJobsWithTheSameDueTimeAreAllFound() {
    JobRepository jobs = repository();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      ids.add(jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0)).id());
    }
    assertThat(jobs.findDue(T0.plus(Duration.ofMillis(1)), 100))
        .extracting(VideoJob::id)
        .containsExactlyInAnyOrderElementsOf(ids);
  }
}
