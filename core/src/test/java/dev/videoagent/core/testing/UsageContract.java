package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.DailyCaps;
import dev.videoagent.core.DailyLimitReached;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.UsageDay;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.DailyLimitReachedException;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.UsageRepository;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the usage counters and the limits do, the same on the in-memory fake, SQLite and PostgreSQL:
 * counted in the same write as the change, shared by every view of the store, and daily limits that
 * hold exactly however many writers race.
 */
public abstract class UsageContract {
  protected static final Instant T0 = Instant.parse("2026-11-26T23:59:00Z");
  protected static final LocalDate DAY = LocalDate.parse("2026-11-26");

  /** The jobs and usage of one store with {@code caps}. */
  public record Store(JobRepository jobs, UsageRepository usage) {}

  /**
   * A view of the store under test keeping to {@code caps}: the first call of a test makes a fresh,
   * empty store; each later call is another process's view of the same one (for a database: another
   * pool on it).
   */
  protected abstract Store store(DailyCaps caps);

  @Test
  void theCreateBeyondTheTenantsDailyLimitIsRefusedUntilTheNextUtcDay() {
    Store store = store(new DailyCaps(3L, null));
    for (int i = 1; i <= 3; i++) {
      store.jobs().insert(TestJobs.pending(TestJobs.id(i), "acme", T0));
    }

    assertThatThrownBy(() -> store.jobs().insert(TestJobs.pending(TestJobs.id(4), "acme", T0)))
        .isInstanceOfSatisfying(
            DailyLimitReachedException.class,
            e -> {
              assertThat(e.reached().scope()).isEqualTo(DailyLimitReached.Scope.TENANT);
              assertThat(e.reached().limit()).isEqualTo(3);
              assertThat(e.reached().resetsAt()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Tenant acme has reached its daily limit of 3 submissions; no new job or"
                          + " retry is taken until the limit resets at 2026-11-27T00:00:00Z"
                          + " (00:00 UTC).");
            });
    assertThat(store.jobs().findById(TestJobs.id(4))).isEmpty();
    assertThat(created(store, "acme", DAY)).isEqualTo(3);

    // Another tenant has its own count; the next UTC day starts again at zero.
    store.jobs().insert(TestJobs.pending(TestJobs.id(5), "bravo", T0));
    store.jobs().insert(TestJobs.pending(TestJobs.id(6), "acme", T0.plusSeconds(60)));
    assertThat(created(store, "acme", DAY.plusDays(1))).isEqualTo(1);
  }

  @Test
  void theDeploymentsDailyLimitCountsEveryTenantAndIsNamedAsSuch() {
    Store store = store(new DailyCaps(10L, 4L));
    store.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    store.jobs().insert(TestJobs.pending(TestJobs.id(2), "acme", T0));
    store.jobs().insert(TestJobs.pending(TestJobs.id(3), "bravo", T0));
    store.jobs().insert(TestJobs.pending(TestJobs.id(4), "charlie", T0));

    assertThatThrownBy(() -> store.jobs().insert(TestJobs.pending(TestJobs.id(5), "delta", T0)))
        .isInstanceOfSatisfying(
            DailyLimitReachedException.class,
            e -> {
              assertThat(e.reached().scope()).isEqualTo(DailyLimitReached.Scope.DEPLOYMENT);
              assertThat(e.reached().limit()).isEqualTo(4);
              assertThat(e.getMessage()).startsWith("This deployment has reached its daily limit");
            });
    assertThat(created(store, "delta", DAY)).isZero();
  }

  @Test
  void aTenantsOwnDailyLimitReplacesTheDefaultAndZeroStopsIt() {
    Store store = store(new DailyCaps(5L, null));
    store.usage().setLimits("acme", new TenantLimits(1L, null));
    store.usage().setLimits("bravo", new TenantLimits(0L, 3));
    assertThat(store.usage().limits("acme")).isEqualTo(new TenantLimits(1L, null));
    assertThat(store.usage().allLimits())
        .isEqualTo(Map.of("acme", new TenantLimits(1L, null), "bravo", new TenantLimits(0L, 3)));

    store.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    assertThatThrownBy(() -> store.jobs().insert(TestJobs.pending(TestJobs.id(2), "acme", T0)))
        .isInstanceOf(DailyLimitReachedException.class)
        .hasMessageContaining("limit of 1 submission;");
    assertThatThrownBy(() -> store.jobs().insert(TestJobs.pending(TestJobs.id(3), "bravo", T0)))
        .isInstanceOf(DailyLimitReachedException.class);

    store.usage().setLimits("acme", TenantLimits.NONE);
    assertThat(store.usage().limits("acme")).isEqualTo(TenantLimits.NONE);
    store.jobs().insert(TestJobs.pending(TestJobs.id(4), "acme", T0));
    assertThat(created(store, "acme", DAY)).isEqualTo(2);
  }

  @Test
  void twoViewsOfOneStoreShareTheCountAndRacingCreatesNeverPassTheLimit() throws Exception {
    Store first = store(new DailyCaps(25L, null));
    Store second = store(new DailyCaps(25L, null));
    // More at once than a store groups into one commit, so that refusals share groups.
    int attempts = 120;
    AtomicInteger refused = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(40);
    try {
      List<Callable<Void>> creates = new ArrayList<>();
      for (int i = 1; i <= attempts; i++) {
        JobRepository jobs = (i % 2 == 0 ? first : second).jobs();
        VideoJob job = TestJobs.pending(TestJobs.id(i), "acme", T0);
        creates.add(
            () -> {
              try {
                jobs.insert(job);
              } catch (DailyLimitReachedException e) {
                refused.incrementAndGet();
              }
              return null;
            });
      }
      for (Future<Void> done : threads.invokeAll(creates)) {
        done.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(refused.get()).isEqualTo(attempts - 25);
    assertThat(created(first, "acme", DAY)).isEqualTo(25);
    assertThat(created(second, "acme", DAY)).isEqualTo(25);
  }

  @Test
  void aRetryIsAnAdmissionToo() {
    Store store = store(new DailyCaps(2L, null));
    VideoJob job = store.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    VideoJob marked =
        store.jobs().update(job.submissionStarted(T0, T0.plusSeconds(60))).orElseThrow();
    VideoJob failed =
        store
            .jobs()
            .update(marked.failed(ErrorCode.SUBMISSION_UNKNOWN, "may be billed", T0))
            .orElseThrow();
    VideoJob retried =
        store.jobs().update(failed.reopenForRetry(T0, T0.plusSeconds(7200))).orElseThrow();
    assertThat(retried.status()).isEqualTo(JobStatus.PENDING);
    VideoJob again =
        store
            .jobs()
            .update(
                store
                    .jobs()
                    .update(retried.submissionStarted(T0, T0.plusSeconds(60)))
                    .orElseThrow()
                    .failed(ErrorCode.SUBMISSION_UNKNOWN, "may be billed", T0))
            .orElseThrow();

    assertThatThrownBy(() -> store.jobs().update(again.reopenForRetry(T0, T0.plusSeconds(7200))))
        .isInstanceOf(DailyLimitReachedException.class);
    assertThat(store.jobs().findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    UsageCounts counts = counts(store, "acme", DAY);
    assertThat(counts.created()).isEqualTo(1);
    assertThat(counts.retries()).isEqualTo(1);
    assertThat(counts.submitted()).isEqualTo(2);
    assertThat(counts.failedByCode()).isEqualTo(Map.of(ErrorCode.SUBMISSION_UNKNOWN, 2L));
  }

  @Test
  void eachOutcomeIsCountedOnTheUtcDayItHappened() {
    Store store = store(DailyCaps.NONE);
    Instant nextDay = T0.plusSeconds(120);
    // Accepted, completed and stored, the store on the next day.
    VideoJob a = store.jobs().insert(TestJobs.pending(TestJobs.id(1), "acme", T0));
    a = store.jobs().update(a.submissionStarted(T0, T0.plusSeconds(60))).orElseThrow();
    a = store.jobs().update(a.acceptedByGateway("r1", false, T0, T0)).orElseThrow();
    a =
        store
            .jobs()
            .update(a.completedAt(URI.create("https://cdn.example/1.mp4"), T0))
            .orElseThrow();
    store
        .jobs()
        .update(a.contentStored(new StoredContent("a".repeat(64), 1_000L, "video/mp4"), nextDay));
    // Not taken, then rejected: nothing that may have been charged.
    VideoJob b = store.jobs().insert(TestJobs.pending(TestJobs.id(2), "acme", T0));
    b = store.jobs().update(b.submissionStarted(T0, T0.plusSeconds(60))).orElseThrow();
    b = store.jobs().update(b.submissionDeferred(T0, T0)).orElseThrow();
    b = store.jobs().update(b.submissionStarted(T0, T0.plusSeconds(60))).orElseThrow();
    store.jobs().update(b.failed(ErrorCode.GATEWAY_REJECTED, "bad avatar", T0));
    // Marked by a worker that must wait for the tenant: the mark itself counts nothing.
    VideoJob c = store.jobs().insert(TestJobs.pending(TestJobs.id(3), "acme", T0));
    SubmissionMark mark = store.jobs().markSubmission(c.submissionStarted(T0, T0), 10);
    VideoJob cMarked = ((SubmissionMark.Marked) mark).job();
    // Accepted, then failed at the gateway.
    cMarked = store.jobs().update(cMarked.acceptedByGateway("r3", false, T0, T0)).orElseThrow();
    store.jobs().update(cMarked.failedAtGateway("render error", nextDay));
    // Another tenant's job is not acme's.
    store.jobs().insert(TestJobs.pending(TestJobs.id(4), "bravo", T0));

    UsageCounts first = counts(store, "acme", DAY);
    assertThat(first)
        .isEqualTo(new UsageCounts(3, 2, 2, 1, 1, 0, 0, Map.of(ErrorCode.GATEWAY_REJECTED, 1L)));
    assertThat(counts(store, "acme", DAY.plusDays(1)))
        .isEqualTo(new UsageCounts(0, 0, 0, 0, 1, 0, 1_000, Map.of(ErrorCode.GATEWAY_FAILED, 1L)));
    assertThat(store.usage().days("acme", DAY.minusDays(3), DAY.plusDays(3)))
        .extracting(UsageDay::date)
        .containsExactly(DAY, DAY.plusDays(1));
    assertThat(store.usage().days("acme", DAY.plusDays(2), DAY.plusDays(3))).isEmpty();
    assertThat(counts(store, "bravo", DAY).created()).isEqualTo(1);
  }

  @Test
  void aTenantAtItsInFlightLimitIsHeldBackAndPassedOverInTheQueue() {
    Store store = store(DailyCaps.NONE);
    store.usage().setLimits("acme", new TenantLimits(null, 2));
    List<VideoJob> acme = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      acme.add(store.jobs().insert(TestJobs.pending(TestJobs.id(i), "acme", T0)));
    }
    VideoJob bravo = store.jobs().insert(TestJobs.pending(TestJobs.id(9), "bravo", T0));
    Instant now = T0.plusSeconds(1);

    assertThat(mark(store, acme.get(0), now)).isInstanceOf(SubmissionMark.Marked.class);
    SubmissionMark second = mark(store, acme.get(1), now);
    assertThat(second).isInstanceOf(SubmissionMark.Marked.class);
    assertThat(mark(store, acme.get(2), now)).isInstanceOf(SubmissionMark.CapReached.class);

    // Passed over: bravo's job comes first although acme's are older.
    assertThat(store.jobs().findSubmissionQueue(now, 10))
        .extracting(VideoJob::id)
        .containsExactly(bravo.id());
    assertThat(mark(store, bravo, now)).isInstanceOf(SubmissionMark.Marked.class);

    // An answer frees acme's slot only when the job leaves the gateway.
    VideoJob accepted =
        store
            .jobs()
            .update(((SubmissionMark.Marked) second).job().acceptedByGateway("r2", false, now, now))
            .orElseThrow();
    assertThat(store.jobs().findSubmissionQueue(now, 10)).isEmpty();
    store.jobs().update(accepted.failedAtGateway("render error", now));
    assertThat(store.jobs().findSubmissionQueue(now, 10))
        .extracting(VideoJob::id)
        .containsExactly(acme.get(2).id(), acme.get(3).id(), acme.get(4).id());
    assertThat(mark(store, acme.get(2), now)).isInstanceOf(SubmissionMark.Marked.class);
    assertThat(mark(store, acme.get(3), now)).isInstanceOf(SubmissionMark.CapReached.class);
  }

  private static SubmissionMark mark(Store store, VideoJob job, Instant now) {
    VideoJob current = store.jobs().findById(job.id()).orElseThrow();
    return store.jobs().markSubmission(current.submissionStarted(now, now.plusSeconds(60)), 100);
  }

  private static long created(Store store, String tenant, LocalDate day) {
    return counts(store, tenant, day).created();
  }

  private static UsageCounts counts(Store store, String tenant, LocalDate day) {
    return store.usage().days(tenant, day, day).stream()
        .map(UsageDay::counts)
        .reduce(UsageCounts.ZERO, UsageCounts::plus);
  }
}
