package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.testing.TestEventPayloads;
import dev.videoagent.core.testing.TestJobs;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL hands out sequence values at insert and shows rows at commit. Two writers whose
 * commits cross would let a reader that asks for "seq > last" pass over the slower one's event for
 * good; the events lock keeps seq order and commit order the same.
 */
@ExtendWith(PostgresServer.Extension.class)
class PostgresEventOrderTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123Z");

  @Test
  void aLaterEventIsNeverVisibleBeforeAnEarlierOneCommits(PostgresServer server) throws Exception {
    TestEventPayloads payloads = new TestEventPayloads();
    try (Database database = Database.open(server.newDatabaseUrl(), payloads)) {
      JobRepository jobs = database.jobs();
      VideoJob slow = queued(jobs, TestJobs.id(1));
      VideoJob fast = queued(jobs, TestJobs.id(2));
      long start = jobs.lastEventSeq();
      JdbiChangeRecord record = new JdbiChangeRecord(database.jdbi(), Dialect.POSTGRESQL, payloads);

      CompletableFuture<Optional<VideoJob>> second;
      try (Handle first = database.jdbi().open()) {
        // The slow writer has recorded its event (its seq is taken) but not committed yet.
        first.begin();
        record.record(first, slow, slow.canceled(T0.plusSeconds(5)).atVersion(slow.version() + 1));

        second = CompletableFuture.supplyAsync(() -> jobs.update(fast.canceled(T0.plusSeconds(6))));
        // However long the slow one takes, the fast one's event does not show before it.
        Thread.sleep(500);
        assertThat(second).isNotDone();
        assertThat(jobs.events(EventQuery.all(start, 10))).isEmpty();

        first.commit();
      }
      assertThat(second.get(10, TimeUnit.SECONDS)).isPresent();

      List<JobEvent> events = jobs.events(EventQuery.all(start, 10));
      assertThat(events).extracting(JobEvent::jobId).containsExactly(slow.id(), fast.id());
      assertThat(events).extracting(JobEvent::type).containsOnly(JobEventType.CANCELED);
      assertThat(events.get(0).seq()).isLessThan(events.get(1).seq());
    }
  }

  private static VideoJob queued(JobRepository jobs, String id) {
    VideoJob stored = jobs.insert(TestJobs.pending(id, "acme", T0));
    return jobs.update(
            stored
                .submissionStarted(T0, T0.plusSeconds(60))
                .acceptedByGateway("req-" + id, false, T0, T0.plusSeconds(5)))
        .orElseThrow();
  }
}
