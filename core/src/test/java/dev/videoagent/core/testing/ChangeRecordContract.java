package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventPayloads;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobRepository;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobRepository} must do with the change record: one event per visible change,
 * written with the change or not at all, read back in {@code seq} order without a reader ever
 * skipping one. Part of {@link JobRepositoryContract}.
 */
public abstract class ChangeRecordContract {
  protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123Z");

  protected static final EventPayloads PAYLOADS = new TestEventPayloads();

  private static final StoredContent VIDEO = new StoredContent("b".repeat(64), 4_096L, "video/mp4");

  /** A new, empty repository whose events carry what {@code payloads} renders. */
  protected abstract JobRepository repository(EventPayloads payloads);

  /** A new, empty repository, its events rendered by {@link #PAYLOADS}. */
  protected JobRepository repository() {
    return repository(PAYLOADS);
  }

  /**
   * The last repository handed out, opened afresh over the same storage (as after a restart); the
   * previous instance is not used again.
   */
  protected abstract JobRepository reopened();

  /**
   * Marks every recorded event fanned out by the webhook outbox, where there is one: a repository
   * with an outbox keeps events that were not fanned out yet, whatever their age.
   */
  protected void fanOutEverything() {}

  @Test
  void recordsOneEventPerVisibleChangeInOrder() {
    JobRepository jobs = repository();
    VideoJob pending = jobs.insert(TestJobs.pendingWithKey(TestJobs.id(1), "acme", "k", T0));
    VideoJob marked =
        jobs.update(pending.submissionStarted(T0.plusSeconds(1), T0.plusSeconds(60))).orElseThrow();
    List<VideoJob> writes = new ArrayList<>();
    VideoJob queued =
        write(
            jobs,
            writes,
            marked.acceptedByGateway("req-1", true, T0.plusSeconds(2), T0.plusSeconds(5)));
    VideoJob processing =
        write(
            jobs,
            writes,
            queued.stillRunning(JobStatus.PROCESSING, T0.plusSeconds(5), T0.plusSeconds(9)));
    VideoJob stillProcessing =
        jobs.update(
                processing.stillRunning(JobStatus.QUEUED, T0.plusSeconds(9), T0.plusSeconds(14)))
            .orElseThrow();
    VideoJob completed =
        write(
            jobs,
            writes,
            stillProcessing.completedAt(
                URI.create("https://cdn.example/1.mp4"), T0.plusSeconds(14)));
    write(jobs, writes, completed.contentStored(VIDEO, T0.plusSeconds(15)));

    List<JobEvent> events = jobs.events(EventQuery.all(0, 100));
    assertThat(events)
        .extracting(JobEvent::type)
        .containsExactly(
            JobEventType.QUEUED,
            JobEventType.PROCESSING,
            JobEventType.COMPLETED,
            JobEventType.STORED);
    assertThat(events).extracting(JobEvent::seq).isSorted().doesNotHaveDuplicates();
    assertThat(events).extracting(JobEvent::eventId).doesNotHaveDuplicates();
    for (int i = 0; i < events.size(); i++) {
      JobEvent event = events.get(i);
      VideoJob stored = writes.get(i);
      assertThat(event.eventId()).startsWith("evt_");
      assertThat(event.jobId()).isEqualTo(stored.id());
      assertThat(event.tenant()).isEqualTo("acme");
      assertThat(event.occurredAt()).isEqualTo(stored.updatedAt());
      assertThat(event.payload())
          .isEqualTo(PAYLOADS.render(event.type(), stored.updatedAt(), stored));
    }
    assertThat(jobs.lastEventSeq()).isEqualTo(events.get(3).seq());
  }

  @Test
  void bookkeepingAndRefusedWritesRecordNothing() {
    JobRepository jobs = repository();
    assertThat(jobs.lastEventSeq()).isZero();
    VideoJob pending = jobs.insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob claimed = jobs.update(pending.claimedUntil(T0.plusSeconds(30), T0)).orElseThrow();
    VideoJob marked =
        markedOrFail(jobs, claimed.submissionStarted(T0.plusSeconds(1), T0.plusSeconds(60)));
    VideoJob queued =
        jobs.update(marked.acceptedByGateway("req-1", false, T0.plusSeconds(2), T0)).orElseThrow();
    long afterQueued = jobs.lastEventSeq();

    VideoJob readFailed =
        jobs.update(queued.readFailed(T0.plusSeconds(3), T0.plusSeconds(9))).orElseThrow();
    VideoJob completed =
        jobs.update(readFailed.completedAt(URI.create("https://cdn.example/1.mp4"), T0))
            .orElseThrow();
    long afterCompleted = jobs.lastEventSeq();
    VideoJob refreshed =
        jobs.update(completed.mediaUrlRefreshed(URI.create("https://cdn.example/2.mp4"), T0))
            .orElseThrow();
    VideoJob retrying =
        jobs.update(refreshed.downloadFailed(T0.plusSeconds(4), T0.plusSeconds(8))).orElseThrow();
    // A writer that lost the race writes no event either.
    assertThat(jobs.update(refreshed.contentStored(VIDEO, T0.plusSeconds(5)))).isEmpty();

    assertThat(jobs.events(EventQuery.all(0, 100)))
        .extracting(JobEvent::type)
        .containsExactly(JobEventType.QUEUED, JobEventType.COMPLETED);
    assertThat(jobs.events(EventQuery.all(afterQueued, 100))).hasSize(1);
    assertThat(jobs.lastEventSeq()).isEqualTo(afterCompleted);
    assertThat(jobs.findById(retrying.id())).contains(retrying);
  }

  @Test
  void storedFollowsCompletedAndEveryEndIsRecorded() {
    JobRepository jobs = repository();
    VideoJob a = queued(jobs, TestJobs.id(1), "acme");
    jobs.update(
            a.completedAt(URI.create("https://cdn.example/a.mp4"), T0.plusSeconds(10))
                .contentStored(VIDEO, T0.plusSeconds(11)))
        .orElseThrow();
    VideoJob b = queued(jobs, TestJobs.id(2), "acme");
    VideoJob failed =
        jobs.update(b.failedAtGateway("bad avatar", T0.plusSeconds(12))).orElseThrow();
    VideoJob reopened =
        jobs.update(failed.reopenForRetry(T0.plusSeconds(13), T0.plusSeconds(7200))).orElseThrow();
    VideoJob again =
        jobs.update(
                reopened
                    .submissionStarted(T0.plusSeconds(14), T0.plusSeconds(60))
                    .acceptedByGateway("req-2b", false, T0.plusSeconds(15), T0.plusSeconds(20)))
            .orElseThrow();
    jobs.update(again.canceled(T0.plusSeconds(16))).orElseThrow();
    VideoJob c = jobs.insert(TestJobs.pending(TestJobs.id(3), "acme", T0));
    jobs.update(c.failed(ErrorCode.TIMED_OUT, "no answer in time", T0.plusSeconds(17)))
        .orElseThrow();

    assertThat(jobs.events(EventQuery.job(a.id(), 0, 100)))
        .extracting(JobEvent::type)
        .containsExactly(JobEventType.QUEUED, JobEventType.COMPLETED, JobEventType.STORED);
    List<JobEvent> ofB = jobs.events(EventQuery.job(b.id(), 0, 100));
    assertThat(ofB)
        .extracting(JobEvent::type)
        .containsExactly(
            JobEventType.QUEUED, JobEventType.FAILED, JobEventType.QUEUED, JobEventType.CANCELED);
    assertThat(ofB).extracting(JobEvent::eventId).doesNotHaveDuplicates();
    assertThat(jobs.events(EventQuery.job(c.id(), 0, 100)))
        .extracting(JobEvent::type)
        .containsExactly(JobEventType.FAILED);
  }

  @Test
  void readsOneJobOneTenantOrAllPageByPage() {
    JobRepository jobs = repository();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String tenant = i % 3 == 0 ? "globex" : "acme";
      VideoJob job = queued(jobs, TestJobs.id(i), tenant);
      jobs.update(job.stillRunning(JobStatus.PROCESSING, T0.plusSeconds(i), T0.plusSeconds(60)))
          .orElseThrow();
      ids.add(job.id());
    }
    List<JobEvent> all = readAll(jobs, null, null, 5);
    assertThat(all).hasSize(24);
    assertThat(all).extracting(JobEvent::seq).isSorted().doesNotHaveDuplicates();
    assertThat(jobs.events(EventQuery.all(0, EventQuery.MAX_LIMIT))).isEqualTo(all);

    List<JobEvent> globex = readAll(jobs, "globex", null, 3);
    assertThat(globex).hasSize(8).allMatch(e -> e.tenant().equals("globex"));
    assertThat(globex).isEqualTo(all.stream().filter(e -> e.tenant().equals("globex")).toList());

    List<JobEvent> one = readAll(jobs, null, ids.get(4), 1);
    assertThat(one)
        .extracting(JobEvent::type)
        .containsExactly(JobEventType.QUEUED, JobEventType.PROCESSING);
    assertThat(jobs.events(EventQuery.job(ids.get(4), one.get(1).seq(), 10))).isEmpty();
    assertThat(jobs.events(EventQuery.job("vid_unknown", 0, 10))).isEmpty();
    assertThat(jobs.events(EventQuery.all(jobs.lastEventSeq(), 10))).isEmpty();
  }

  @Test
  void eventsSurviveAReopen() {
    JobRepository jobs = repository();
    VideoJob job = queued(jobs, TestJobs.id(1), "acme");
    jobs.update(job.canceled(T0.plusSeconds(3))).orElseThrow();
    List<JobEvent> before = jobs.events(EventQuery.all(0, 100));
    assertThat(before).hasSize(2);

    JobRepository again = reopened();
    assertThat(again.events(EventQuery.all(0, 100))).isEqualTo(before);
    assertThat(again.lastEventSeq()).isEqualTo(before.get(1).seq());
    VideoJob other = queued(again, TestJobs.id(2), "acme");
    assertThat(again.events(EventQuery.job(other.id(), 0, 10)).get(0).seq())
        .isGreaterThan(before.get(1).seq());
  }

  @Test
  void aChangeAndItsEventsAreWrittenTogetherOrNotAtAll() {
    RuntimeException broken = new IllegalStateException("cannot render");
    JobRepository jobs =
        repository(
            (type, at, job) -> {
              if (type == JobEventType.CANCELED) {
                throw broken;
              }
              return PAYLOADS.render(type, at, job);
            });
    VideoJob job = queued(jobs, TestJobs.id(1), "acme");
    List<JobEvent> before = jobs.events(EventQuery.all(0, 100));

    assertThatThrownBy(() -> jobs.update(job.canceled(T0.plusSeconds(5)))).isSameAs(broken);

    assertThat(jobs.findById(job.id())).contains(job);
    assertThat(jobs.events(EventQuery.all(0, 100))).isEqualTo(before);
    VideoJob processing =
        jobs.update(job.stillRunning(JobStatus.PROCESSING, T0.plusSeconds(6), T0.plusSeconds(9)))
            .orElseThrow();
    assertThat(processing.version()).isEqualTo(job.version() + 1);
    assertThat(jobs.events(EventQuery.all(0, 100))).hasSize(2);
  }

  @Test
  void aReaderPollingDuringConcurrentWritesNeverSkipsAnEvent() throws Exception {
    JobRepository jobs = repository();
    int writers = 4;
    int jobsEach = 20;
    List<List<VideoJob>> work = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      List<VideoJob> mine = new ArrayList<>();
      for (int j = 0; j < jobsEach; j++) {
        mine.add(queued(jobs, TestJobs.id(w * 1000 + j), w % 2 == 0 ? "acme" : "globex"));
      }
      work.add(mine);
    }
    long start = jobs.lastEventSeq();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (List<VideoJob> mine : work) {
        writes.add(pool.submit(() -> mine.forEach(job -> finish(jobs, job))));
      }
      Future<List<JobEvent>> reader =
          pool.submit(
              () -> {
                List<JobEvent> seen = new ArrayList<>();
                long last = start;
                boolean finalPass = false;
                while (true) {
                  boolean done = !writing.get();
                  List<JobEvent> page = jobs.events(EventQuery.all(last, 7));
                  seen.addAll(page);
                  if (!page.isEmpty()) {
                    last = page.get(page.size() - 1).seq();
                  } else if (finalPass) {
                    return seen;
                  } else if (done) {
                    finalPass = true;
                  }
                }
              });
      for (Future<?> write : writes) {
        write.get(120, TimeUnit.SECONDS);
      }
      writing.set(false);
      List<JobEvent> seen = reader.get(60, TimeUnit.SECONDS);

      List<JobEvent> recorded =
          readAll(jobs, null, null, EventQuery.MAX_LIMIT).stream()
              .filter(e -> e.seq() > start)
              .toList();
      assertThat(recorded).hasSize(writers * jobsEach * 3);
      assertThat(seen).isEqualTo(recorded);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void prunesOldEventsInSmallBatchesAndKeepsNewerOnes() {
    JobRepository jobs = repository();
    for (int i = 1; i <= 25; i++) {
      VideoJob job = queued(jobs, TestJobs.id(i), "acme");
      jobs.update(job.canceled(T0.plusSeconds(3600 + i))).orElseThrow();
    }
    fanOutEverything();
    Instant cutoff = T0.plusSeconds(3600);
    List<Integer> batches = new ArrayList<>();
    int pruned;
    while ((pruned = jobs.pruneEvents(cutoff, 10)) > 0) {
      batches.add(pruned);
    }
    assertThat(batches).containsExactly(10, 10, 5);
    List<JobEvent> kept = jobs.events(EventQuery.all(0, 100));
    assertThat(kept).hasSize(25).allMatch(e -> e.type() == JobEventType.CANCELED);
    assertThat(jobs.pruneEvents(T0.plusSeconds(3610), 100)).isEqualTo(9);
    assertThatThrownBy(() -> jobs.pruneEvents(cutoff, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------------

  private static VideoJob write(JobRepository jobs, List<VideoJob> writes, VideoJob next) {
    VideoJob stored = jobs.update(next).orElseThrow();
    writes.add(stored);
    return stored;
  }

  /** A job of {@code tenant} the gateway accepted at {@code T0}: one {@code video.queued}. */
  private static VideoJob queued(JobRepository jobs, String id, String tenant) {
    VideoJob stored = jobs.insert(TestJobs.pending(id, tenant, T0));
    return jobs.update(
            stored
                .submissionStarted(T0, T0.plusSeconds(60))
                .acceptedByGateway("req-" + id, false, T0, T0.plusSeconds(5)))
        .orElseThrow();
  }

  /** Processing, completed, stored: three events, each its own write. */
  private static void finish(JobRepository jobs, VideoJob queued) {
    VideoJob processing =
        jobs.update(queued.stillRunning(JobStatus.PROCESSING, T0.plusSeconds(1), T0.plusSeconds(2)))
            .orElseThrow();
    VideoJob completed =
        jobs.update(processing.completedAt(URI.create("https://cdn.example/v.mp4"), T0))
            .orElseThrow();
    jobs.update(completed.contentStored(VIDEO, T0.plusSeconds(3))).orElseThrow();
  }

  private static VideoJob markedOrFail(JobRepository jobs, VideoJob marked) {
    var mark = jobs.markSubmission(marked, 10);
    assertThat(mark).isInstanceOf(dev.videoagent.core.port.SubmissionMark.Marked.class);
    return ((dev.videoagent.core.port.SubmissionMark.Marked) mark).job();
  }

  private static List<JobEvent> readAll(JobRepository jobs, String tenant, String jobId, int page) {
    List<JobEvent> all = new ArrayList<>();
    long last = 0;
    while (true) {
      List<JobEvent> next = jobs.events(new EventQuery(tenant, jobId, last, page));
      assertThat(next.size()).isLessThanOrEqualTo(page);
      if (next.isEmpty()) {
        return all;
      }
      all.addAll(next);
      last = next.get(next.size() - 1).seq();
    }
  }
}
