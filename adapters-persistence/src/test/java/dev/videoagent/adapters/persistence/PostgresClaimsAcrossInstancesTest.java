package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.testing.TestJobs;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.JobPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several service instances on one PostgreSQL database, each with its own pool, as three JVMs would
 * have: claims, the in-flight cap and idempotent creates hold for the deployment, not per pool.
 * Every test works on more jobs than any batch the tracker reads at once.
 */
@ExtendWith(PostgresServer.Extension.class)
class PostgresClaimsAcrossInstancesTest {
  private static final int INSTANCES = 3;
  private static final int THREADS_PER_INSTANCE = 4;
  private static final int BATCH = 100;
  private static final int JOBS = 300;
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant LEASE_END = NOW.plus(Duration.ofMinutes(3));

  private final List<Database> instances = new ArrayList<>();
  private final ExecutorService threads =
      Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);

  @AfterEach
  void close() {
    threads.shutdownNow();
    instances.forEach(Database::close);
  }

  private void openInstances(PostgresServer server) {
    String url = server.newDatabaseUrl();
    for (int i = 0; i < INSTANCES; i++) {
      instances.add(Database.open(url, THREADS_PER_INSTANCE + 1));
    }
  }

  @Test
  void compareAndSetClaimsGiveEveryDueJobToExactlyOneWorkerAcrossPools(PostgresServer server)
      throws Exception {
    openInstances(server);
    queuedAndDue(instances.get(0).jobs(), JOBS);
    Map<String, Integer> claims = new ConcurrentHashMap<>();
    AtomicInteger lostRaces = new AtomicInteger();

    runOnEveryThread(
        jobs -> {
          while (true) {
            List<VideoJob> due = jobs.findDueWork(NOW, BATCH);
            if (due.isEmpty()) {
              return;
            }
            for (VideoJob job : due) {
              if (jobs.update(job.claimedUntil(LEASE_END, NOW)).isPresent()) {
                claims.merge(job.id(), 1, Integer::sum);
              } else {
                lostRaces.incrementAndGet();
              }
            }
          }
        });

    assertThat(claims).hasSize(JOBS);
    assertThat(claims.values()).containsOnly(1);
    assertThat(instances.get(0).jobs().findDueWork(NOW, BATCH)).isEmpty();
    System.out.printf(
        "compare-and-set claims: %d jobs, %d workers in %d pools, %d lost races%n",
        JOBS, INSTANCES * THREADS_PER_INSTANCE, INSTANCES, lostRaces.get());
  }

  /**
   * The alternative, FOR UPDATE SKIP LOCKED, holds too, and loses no races; it is here to compare,
   * not used by the product (docs/architecture.md says why the lease stays).
   */
  @Test
  void skipLockedClaimsHoldAsWellButOnlyOnPostgresql(PostgresServer server) throws Exception {
    openInstances(server);
    queuedAndDue(instances.get(0).jobs(), JOBS);
    Map<String, Integer> claims = new ConcurrentHashMap<>();

    runOnEveryDatabase(
        database -> {
          while (true) {
            List<String> claimed =
                database
                    .jdbi()
                    .inTransaction(
                        handle -> {
                          List<String> ids =
                              handle
                                  .createQuery(
                                      """
                                      SELECT id FROM jobs
                                       WHERE next_check_at IS NOT NULL
                                         AND (status <> 'pending' OR submit_started_at IS NOT NULL)
                                         AND next_check_at <= :now
                                       ORDER BY next_check_at, id
                                       LIMIT :limit
                                         FOR UPDATE SKIP LOCKED
                                      """)
                                  .bind("now", NOW.toEpochMilli())
                                  .bind("limit", BATCH)
                                  .mapTo(String.class)
                                  .list();
                          if (!ids.isEmpty()) {
                            handle
                                .createUpdate(
                                    "UPDATE jobs SET next_check_at = :until, version = version + 1"
                                        + " WHERE id IN (<ids>)")
                                .bind("until", LEASE_END.toEpochMilli())
                                .bindList("ids", ids)
                                .execute();
                          }
                          return ids;
                        });
            if (claimed.isEmpty()) {
              return;
            }
            claimed.forEach(id -> claims.merge(id, 1, Integer::sum));
          }
        });

    assertThat(claims).hasSize(JOBS);
    assertThat(claims.values()).containsOnly(1);
  }

  @Test
  void theInFlightCapHoldsForEveryPoolTogether(PostgresServer server) throws Exception {
    openInstances(server);
    int cap = 10;
    JobRepository first = instances.get(0).jobs();
    for (int i = 0; i < JOBS; i++) {
      first.insert(TestJobs.pending(TestJobs.id(i), "acme", NOW));
    }
    AtomicInteger marked = new AtomicInteger();
    AtomicInteger turnedAway = new AtomicInteger();

    runOnEveryThread(
        jobs -> {
          while (true) {
            List<VideoJob> queue = jobs.findSubmissionQueue(NOW, BATCH);
            if (queue.isEmpty() || jobs.countInFlight() >= cap) {
              return;
            }
            for (VideoJob job : queue) {
              SubmissionMark mark = jobs.markSubmission(job.submissionStarted(NOW, LEASE_END), cap);
              if (mark instanceof SubmissionMark.Marked) {
                marked.incrementAndGet();
              } else if (mark instanceof SubmissionMark.CapReached) {
                turnedAway.incrementAndGet();
              }
            }
          }
        });

    assertThat(marked).hasValue(cap);
    assertThat(first.countInFlight()).isEqualTo(cap);
    assertThat(turnedAway.get()).isPositive();
  }

  @Test
  void concurrentCreatesWithOneKeyOnSeveralInstancesMakeOneJob(PostgresServer server)
      throws Exception {
    openInstances(server);
    Clock clock = Clock.tick(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(1));
    int keys = 150;
    VideoRequest request = TestJobs.fullRequest();
    Map<String, Integer> created = new ConcurrentHashMap<>();
    Map<String, String> jobByKey = new ConcurrentHashMap<>();
    AtomicInteger disagreements = new AtomicInteger();

    runOnEveryDatabase(
        database -> {
          CreateJob create =
              new CreateJob(
                  database.jobs(),
                  new TimeOrderedIdGenerator(clock, new SecureRandom()),
                  clock,
                  JobPolicy.defaults());
          for (int k = 0; k < keys; k++) {
            String key = "key-" + k;
            CreateJob.CreateResult result = create.create("acme", request, key);
            assertThat(result)
                .isInstanceOfAny(
                    CreateJob.CreateResult.Created.class, CreateJob.CreateResult.Replayed.class);
            if (result instanceof CreateJob.CreateResult.Created) {
              created.merge(key, 1, Integer::sum);
            }
            String earlier = jobByKey.putIfAbsent(key, result.job().id());
            if (earlier != null && !earlier.equals(result.job().id())) {
              disagreements.incrementAndGet();
            }
          }
        });

    assertThat(created).hasSize(keys);
    assertThat(created.values()).containsOnly(1);
    assertThat(disagreements).hasValue(0);
    assertThat(instances.get(1).jobs().countByStatus().values().stream().mapToLong(n -> n).sum())
        .isEqualTo(keys);
  }

  private static void queuedAndDue(JobRepository jobs, int count) {
    for (int i = 0; i < count; i++) {
      VideoJob job = jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", NOW));
      VideoJob marked = jobs.update(job.submissionStarted(NOW, NOW)).orElseThrow();
      jobs.update(marked.acceptedByGateway("req-" + i, false, NOW, NOW)).orElseThrow();
    }
  }

  private interface Work<T> {
    void run(T on) throws Exception;
  }

  /** Runs {@code work} on every worker thread of every instance at once, against its repository. */
  private void runOnEveryThread(Work<JobRepository> work) throws Exception {
    runOnEveryDatabase(database -> work.run(database.jobs()));
  }

  private void runOnEveryDatabase(Work<Database> work) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (Database database : instances) {
      for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
        running.add(
            threads.submit(
                () -> {
                  start.await();
                  work.run(database);
                  return null;
                }));
      }
    }
    start.countDown();
    for (Future<?> future : running) {
      future.get();
    }
  }
}
