package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.videoagent.core.DurationHistogram;
import dev.videoagent.core.DurationSample;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.DuplicateJobException;
import dev.videoagent.core.port.JobPage;
import dev.videoagent.core.port.JobQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.JobStamp;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.WorkBacklog;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRepository} must do, checked the same way for the in-memory fake, SQLite and
 * PostgreSQL. Subclasses hand out a fresh, empty repository per test. Instants are kept to the
 * millisecond at least. The change record's part is {@link ChangeRecordContract}.
 */
public abstract class JobRepositoryContract extends ChangeRecordContract {

  @Test
  void keepsTheTimingAndCountsStalledJobsThatStillRun() {
    JobRepository jobs = repository();
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob accepted =
        jobs.update(
                stored
                    .submissionStarted(T0.plusSeconds(1), T0.plusSeconds(180))
                    .acceptedByGateway("r1", false, T0.plusSeconds(2), T0.plusSeconds(7)))
            .orElseThrow();
    assertThat(accepted.acceptedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(accepted.statusSince()).isEqualTo(T0.plusSeconds(2));
    VideoJob stalled =
        accepted.withOutlook(T0.plusSeconds(60), T0.plusSeconds(300), true, T0.plusSeconds(50));
    assertThat(jobs.update(stalled)).contains(stalled.atVersion(2));
    assertThat(jobs.findById(stalled.id())).contains(stalled.atVersion(2));
    assertThat(jobs.countStalled()).isEqualTo(1);

    VideoJob moved =
        jobs.update(
                stalled
                    .atVersion(2)
                    .stillRunning(JobStatus.PROCESSING, T0.plusSeconds(61), T0.plusSeconds(90)))
            .orElseThrow();
    assertThat(moved.stalledSince()).isNull();
    assertThat(moved.statusSince()).isEqualTo(T0.plusSeconds(61));
    assertThat(jobs.countStalled()).isZero();
  }

  @Test
  void completingAJobAddsItsDurationToTheHistoryOfEachOfItsKinds() {
    JobRepository jobs = repository();
    DurationHistogram expected = DurationHistogram.empty();
    long[] seconds = {65, 240, 241, 900, 3};
    for (int i = 0; i < seconds.length; i++) {
      VideoJob pending = jobs.insert(TestJobs.pending(TestJobs.id(i + 1), "acme", T0));
      VideoJob running =
          jobs.update(
                  pending
                      .submissionStarted(T0, T0.plusSeconds(180))
                      .acceptedByGateway("r" + i, false, T0, T0.plusSeconds(7)))
              .orElseThrow();
      Instant done = T0.plusSeconds(seconds[i]);
      VideoJob completed =
          jobs.update(running.completedAt(URI.create("https://cdn/x.mp4"), done)).orElseThrow();
      // A later write of the completed job is no second sample.
      jobs.update(completed.claimedUntil(done.plusSeconds(60), done)).orElseThrow();
      expected = expected.with(Duration.ofSeconds(seconds[i]));
    }
    List<String> keys =
        DurationSample.keysOf(TestJobs.pending(TestJobs.id(9), "acme", T0).request());
    assertThat(keys).hasSize(2).endsWith(DurationSample.ALL);
    for (String key : keys) {
      DurationHistogram history = jobs.durationHistory(key);
      assertThat(history.samples()).isCloseTo(expected.samples(), within(1e-9));
      double[] got = history.weights();
      double[] want = expected.weights();
      for (int b = 0; b < want.length; b++) {
        assertThat(got[b]).as("bucket %d of %s", b, key).isCloseTo(want[b], within(1e-9));
      }
    }
    assertThat(jobs.durationHistory("orientation=portrait,prompt=long,persona=chosen").samples())
        .isZero();
  }

  @Test
  void aStampIsTheStoredJobsTenantAndVersionAndMovesWithEveryWrite() {
    JobRepository jobs = repository();
    assertThat(jobs.findStamp(TestJobs.id(1))).isEmpty();
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    jobs.insert(TestJobs.pending(TestJobs.id(2), "globex", T0));
    assertThat(jobs.findStamp(stored.id())).contains(new JobStamp("acme", 0));
    VideoJob marked =
        jobs.update(stored.submissionStarted(T0.plusSeconds(1), T0.plusSeconds(180))).orElseThrow();
    assertThat(jobs.findStamp(stored.id())).contains(new JobStamp("acme", marked.version()));
    VideoJob claimed = jobs.update(marked.claimedUntil(T0.plusSeconds(60), T0)).orElseThrow();
    assertThat(claimed.version()).isEqualTo(2);
    assertThat(jobs.findStamp(stored.id())).contains(new JobStamp("acme", 2));
    // A write that lost its compare-and-set leaves the stamp where it was.
    assertThat(jobs.update(marked.claimedUntil(T0.plusSeconds(90), T0))).isEmpty();
    assertThat(jobs.findStamp(stored.id())).contains(new JobStamp("acme", 2));
    assertThat(jobs.findStamp(TestJobs.id(2))).contains(new JobStamp("globex", 0));
  }

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
  void keepsACallbackWindowTheSettlementAndWhoCanceled() {
    JobRepository jobs = repository();
    VideoJob stored = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob marked = jobs.update(stored.submissionStarted(T0, T0.plusSeconds(60))).orElseThrow();
    VideoJob held =
        jobs.update(
                marked.awaitingCallback(
                    new dev.videoagent.core.CallbackWindow(T0.plusSeconds(1800), null),
                    T0.plusSeconds(1)))
            .orElseThrow();
    VideoJob named = jobs.update(held.callbackNamed("req-42", T0.plusSeconds(2))).orElseThrow();

    VideoJob read = jobs.findById(named.id()).orElseThrow();
    assertThat(read).isEqualTo(named);
    assertThat(read.awaitsCallback()).isTrue();
    assertThat(read.callbackWindow().until()).isEqualTo(T0.plusSeconds(1800));
    assertThat(read.callbackWindow().namedRequestId()).isEqualTo("req-42");
    // A job waiting for its callback holds no in-flight slot and is not in the submission queue.
    assertThat(jobs.countInFlight()).isZero();
    assertThat(jobs.findSubmissionQueue(T0.plusSeconds(3), 10)).isEmpty();
    assertThat(jobs.findDueWork(T0.plusSeconds(3), 10))
        .extracting(VideoJob::id)
        .contains(read.id());

    VideoJob settled =
        jobs.update(read.settledByCallback("req-42", T0.plusSeconds(3))).orElseThrow();
    VideoJob canceled = jobs.update(settled.canceledAtGateway(T0.plusSeconds(4))).orElseThrow();
    VideoJob end = jobs.findById(canceled.id()).orElseThrow();
    assertThat(end).isEqualTo(canceled);
    assertThat(end.settledByCallback()).isTrue();
    assertThat(end.gatewayRequestId()).isEqualTo("req-42");
    assertThat(end.canceledBy()).isEqualTo(dev.videoagent.core.CanceledBy.GATEWAY);
    assertThat(end.callbackWindow()).isNull();
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

  /**
   * More creates at once than a store groups into one commit: those racing for one idempotency key
   * let exactly one in, and each of the others is stored whole, whichever of them shared a
   * transaction with a refused one.
   */
  @Test
  void racingCreatesLetOneInPerKeyAndStoreEveryOtherWhole() throws Exception {
    JobRepository jobs = repository();
    int creates = 96;
    ExecutorService pool = Executors.newFixedThreadPool(48);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 1; i <= creates; i++) {
        VideoJob job =
            i % 3 == 0
                ? TestJobs.pendingWithKey(TestJobs.id(i), "acme", "one-key", T0)
                : TestJobs.pendingWithKey(TestJobs.id(i), "acme", "key-" + i, T0);
        Callable<Boolean> create =
            () -> {
              start.await();
              try {
                jobs.insert(job);
                return true;
              } catch (DuplicateJobException refused) {
                return false;
              }
            };
        results.add(pool.submit(create));
      }
      start.countDown();
      int stored = 0;
      for (Future<Boolean> result : results) {
        stored += result.get() ? 1 : 0;
      }
      int sharingTheKey = creates / 3;
      assertThat(stored).isEqualTo(creates - sharingTheKey + 1);
      for (int i = 1; i <= creates; i++) {
        Optional<VideoJob> found = jobs.findById(TestJobs.id(i));
        if (i % 3 != 0) {
          assertThat(found).as("job %d", i).isPresent();
          assertThat(found.get().request()).isEqualTo(TestJobs.fullRequest());
        }
      }
      assertThat(jobs.findByIdempotencyKey("acme", "one-key")).isPresent();
    } finally {
      pool.shutdownNow();
    }
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
      ids.add(queued(jobs, TestJobs.id(i), T0.minusSeconds(60), T0).id());
    }
    assertThat(jobs.findDueWork(T0.plus(Duration.ofMillis(1)), 100))
        .extracting(VideoJob::id)
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void dueWorkIsEverythingDueExceptPendingJobsWaitingForASlot() {
    JobRepository jobs = repository();
    VideoJob waiting = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0.minusSeconds(90)));
    VideoJob read = queued(jobs, TestJobs.id(2), T0.minusSeconds(60), T0.minusSeconds(10));
    VideoJob processing = queued(jobs, TestJobs.id(3), T0.minusSeconds(60), T0.minusSeconds(5));
    processing =
        jobs.update(
                processing.stillRunning(
                    JobStatus.PROCESSING, T0.minusSeconds(5), T0.minusSeconds(4)))
            .orElseThrow();
    VideoJob download = queued(jobs, TestJobs.id(4), T0.minusSeconds(60), T0.minusSeconds(3));
    download =
        jobs.update(
                download.completedAt(
                    URI.create("https://cdn.example.com/4.mp4"), T0.minusSeconds(3)))
            .orElseThrow();
    VideoJob crashed = jobs.insert(TestJobs.pending(TestJobs.id(5), "acme", T0.minusSeconds(80)));
    crashed =
        jobs.update(crashed.submissionStarted(T0.minusSeconds(80), T0.minusSeconds(20)))
            .orElseThrow();
    VideoJob expired = jobs.insert(pendingWithDeadline(TestJobs.id(6), T0.minusSeconds(30)));
    // Not due: a read planned later, a claim still held, a finished job.
    queued(jobs, TestJobs.id(7), T0.minusSeconds(60), T0.plusSeconds(30));
    VideoJob held = jobs.insert(TestJobs.pending(TestJobs.id(8), "acme", T0.minusSeconds(70)));
    jobs.update(held.submissionStarted(T0.minusSeconds(1), T0.plusSeconds(60))).orElseThrow();
    VideoJob done = jobs.insert(TestJobs.pending(TestJobs.id(9), "acme", T0.minusSeconds(50)));
    jobs.update(done.canceled(T0.minusSeconds(40))).orElseThrow();

    // The expired job became due at its deadline, the others at their next check.
    assertThat(jobs.findDueWork(T0, 10))
        .extracting(VideoJob::id)
        .containsExactly(expired.id(), crashed.id(), read.id(), processing.id(), download.id());
    assertThat(jobs.findDueWork(T0, 2))
        .extracting(VideoJob::id)
        .containsExactly(expired.id(), crashed.id());
    assertThat(jobs.findDueWork(T0, 10)).extracting(VideoJob::id).doesNotContain(waiting.id());
  }

  @Test
  void pendingJobsBeyondTheBatchNeverHideTheWorkBehindThem() {
    JobRepository jobs = repository();
    for (int i = 0; i < 150; i++) {
      jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0.minusSeconds(600)));
    }
    List<String> reads = new ArrayList<>();
    for (int i = 150; i < 153; i++) {
      reads.add(queued(jobs, TestJobs.id(i), T0.minusSeconds(300), T0.minusSeconds(1)).id());
    }

    assertThat(jobs.findDueWork(T0, 100)).extracting(VideoJob::id).containsExactlyElementsOf(reads);
    assertThat(jobs.findSubmissionQueue(T0, 100))
        .hasSize(100)
        .extracting(VideoJob::id)
        .startsWith(TestJobs.id(0), TestJobs.id(1))
        .doesNotContainAnyElementsOf(reads);
  }

  @Test
  void theSubmissionQueueIsDuePendingJobsInCreationOrder() {
    JobRepository jobs = repository();
    VideoJob deferred = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0.minusSeconds(99)));
    jobs.update(
            deferred
                .submissionStarted(T0.minusSeconds(9), T0.plusSeconds(60))
                .submissionDeferred(T0.minusSeconds(9), T0.plusSeconds(60)))
        .orElseThrow();
    VideoJob second = jobs.insert(TestJobs.pending(TestJobs.id(2), "acme", T0.minusSeconds(1)));
    // Put back by the gateway earlier, due again now: it keeps its place by creation, not by time.
    VideoJob third = jobs.insert(TestJobs.pending(TestJobs.id(3), "acme", T0.minusSeconds(98)));
    third =
        jobs.update(
                third
                    .submissionStarted(T0.minusSeconds(97), T0.plusSeconds(60))
                    .submissionDeferred(T0.minusSeconds(97), T0.minusSeconds(500)))
            .orElseThrow();
    VideoJob marked = jobs.insert(TestJobs.pending(TestJobs.id(4), "acme", T0.minusSeconds(97)));
    jobs.update(marked.submissionStarted(T0.minusSeconds(1), T0.minusSeconds(1))).orElseThrow();
    jobs.insert(pendingWithDeadline(TestJobs.id(5), T0));
    queued(jobs, TestJobs.id(6), T0.minusSeconds(96), T0.minusSeconds(1));
    VideoJob seventh = jobs.insert(TestJobs.pending(TestJobs.id(7), "acme", T0.minusSeconds(900)));

    assertThat(jobs.findSubmissionQueue(T0, 10))
        .extracting(VideoJob::id)
        .containsExactly(second.id(), third.id(), seventh.id());
    assertThat(jobs.findSubmissionQueue(T0, 2))
        .extracting(VideoJob::id)
        .containsExactly(second.id(), third.id());
    assertThat(jobs.findSubmissionQueue(T0.plusSeconds(60), 10))
        .extracting(VideoJob::id)
        .containsExactly(deferred.id(), second.id(), third.id(), seventh.id());
  }

  @Test
  void nonPositiveLimitsAreRefused() {
    JobRepository jobs = repository();
    assertThatThrownBy(() -> jobs.findDueWork(T0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> jobs.findSubmissionQueue(T0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAttemptIsMarkedOnlyWhileASlotIsFree() {
    JobRepository jobs = repository();
    VideoJob a = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob b = jobs.insert(TestJobs.pending(TestJobs.id(2), "acme", T0));
    VideoJob c = jobs.insert(TestJobs.pending(TestJobs.id(3), "acme", T0));

    VideoJob markedA = marked(jobs.markSubmission(mark(a), 2));
    assertThat(markedA).isEqualTo(mark(a).atVersion(1));
    assertThat(jobs.findById(a.id())).contains(markedA);
    VideoJob markedB = marked(jobs.markSubmission(mark(b), 2));
    assertThat(jobs.markSubmission(mark(c), 2)).isInstanceOf(SubmissionMark.CapReached.class);
    assertThat(jobs.findById(c.id())).contains(c);

    // Accepted by the gateway, a job still holds its slot; finished, it frees it.
    VideoJob queuedA =
        jobs.update(markedA.acceptedByGateway("r1", false, T0, T0.plusSeconds(5))).orElseThrow();
    assertThat(jobs.markSubmission(mark(c), 2)).isInstanceOf(SubmissionMark.CapReached.class);
    jobs.update(queuedA.failedAtGateway("no", T0.plusSeconds(5))).orElseThrow();
    assertThat(marked(jobs.markSubmission(mark(c), 2)).hasUnansweredAttempt()).isTrue();
    assertThat(jobs.countInFlight()).isEqualTo(2);
    assertThat(markedB.version()).isEqualTo(1);
  }

  @Test
  void aStaleMarkIsNotWritten() {
    JobRepository jobs = repository();
    VideoJob job = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob canceled = jobs.update(job.canceled(T0.plusSeconds(1))).orElseThrow();

    assertThat(jobs.markSubmission(mark(job), 10)).isInstanceOf(SubmissionMark.Outdated.class);
    assertThat(jobs.findById(job.id())).contains(canceled);
    assertThatThrownBy(() -> jobs.markSubmission(job, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void racingWorkersNeverHoldMoreSlotsThanTheCap() throws Exception {
    JobRepository jobs = repository();
    int cap = 10;
    int total = 30;
    for (int i = 0; i < total; i++) {
      jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0));
    }
    int workers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger marks = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int offset = w * 7;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each worker walks the jobs from its own place and keeps trying until all are
                  // through: every mark races the others for the last free slot.
                  for (int round = 0; round < 200 && marks.get() < total; round++) {
                    for (int i = 0; i < total; i++) {
                      String id = TestJobs.id((i + offset) % total);
                      VideoJob job = jobs.findById(id).orElseThrow();
                      if (!job.waitsForSlot()) {
                        continue;
                      }
                      SubmissionMark mark = jobs.markSubmission(mark(job), cap);
                      if (mark instanceof SubmissionMark.Marked marked) {
                        marks.incrementAndGet();
                        mostInFlight.accumulateAndGet((int) jobs.countInFlight(), Math::max);
                        jobs.update(marked.job().failedAtGateway("done", T0)).orElseThrow();
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> result : results) {
        result.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(marks).hasValue(total);
    assertThat(mostInFlight.get()).isBetween(1, cap);
    assertThat(jobs.countInFlight()).isZero();
  }

  @Test
  void racingMarksForMoreJobsThanTheCapFillItExactly() throws Exception {
    JobRepository jobs = repository();
    int cap = 10;
    List<VideoJob> stored = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      stored.add(jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(stored.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<SubmissionMark>> results = new ArrayList<>();
      for (VideoJob job : stored) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return jobs.markSubmission(mark(job), cap);
                }));
      }
      start.countDown();
      int marked = 0;
      int turnedAway = 0;
      for (Future<SubmissionMark> result : results) {
        SubmissionMark mark = result.get();
        marked += mark instanceof SubmissionMark.Marked ? 1 : 0;
        turnedAway += mark instanceof SubmissionMark.CapReached ? 1 : 0;
      }
      assertThat(marked).isEqualTo(cap);
      assertThat(turnedAway).isEqualTo(stored.size() - cap);
      assertThat(jobs.countInFlight()).isEqualTo(cap);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theBacklogCountsTheQueueTheSlotsAndTheOldestDueWork() {
    JobRepository jobs = repository();
    assertThat(jobs.backlog(T0)).isEqualTo(new WorkBacklog(0, 0, null, null));

    for (int i = 0; i < 5; i++) {
      jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0.minusSeconds(40 - i)));
    }
    VideoJob later = jobs.insert(TestJobs.pending(TestJobs.id(5), "acme", T0.plusSeconds(10)));
    queued(jobs, TestJobs.id(6), T0.minusSeconds(300), T0.minusSeconds(25));
    queued(jobs, TestJobs.id(7), T0.minusSeconds(300), T0.plusSeconds(25));
    VideoJob crashed = jobs.insert(TestJobs.pending(TestJobs.id(8), "acme", T0.minusSeconds(99)));
    jobs.update(crashed.submissionStarted(T0.minusSeconds(99), T0.minusSeconds(12))).orElseThrow();

    WorkBacklog backlog = jobs.backlog(T0);
    assertThat(backlog.waitingForSlot()).isEqualTo(6);
    assertThat(backlog.inFlight()).isEqualTo(3);
    assertThat(backlog.earliestDueWork()).isEqualTo(T0.minusSeconds(25));
    // The head of the line, by creation: job 0, due 40 s ago.
    assertThat(backlog.earliestDueSubmission()).isEqualTo(T0.minusSeconds(40));
    assertThat(later.waitsForSlot()).isTrue();

    jobs.insert(pendingWithDeadline(TestJobs.id(9), T0.minusSeconds(31)));
    assertThat(jobs.backlog(T0).earliestDueWork()).isEqualTo(T0.minusSeconds(31));
  }

  /** A job the gateway accepted, next read at {@code nextCheck}. */
  private static VideoJob queued(
      JobRepository jobs, String id, Instant created, Instant nextCheck) {
    VideoJob stored = jobs.insert(TestJobs.pending(id, "acme", created));
    return jobs.update(
            stored
                .submissionStarted(created, created.plusSeconds(60))
                .acceptedByGateway("req-" + id, false, created, nextCheck))
        .orElseThrow();
  }

  /** A pending job, due since long before, whose deadline is {@code deadline}. */
  private static VideoJob pendingWithDeadline(String id, Instant deadline) {
    Instant created = deadline.minus(Duration.ofHours(2));
    return VideoJob.create(
        id, "acme", VideoRequest.of("prompt of " + id), null, "tok-" + id, created, deadline);
  }

  private static VideoJob mark(VideoJob job) {
    return job.submissionStarted(T0, T0.plusSeconds(180));
  }

  private static VideoJob marked(SubmissionMark mark) {
    assertThat(mark).isInstanceOf(SubmissionMark.Marked.class);
    return ((SubmissionMark.Marked) mark).job();
  }
}
