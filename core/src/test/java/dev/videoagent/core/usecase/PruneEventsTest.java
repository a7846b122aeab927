package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.testing.InMemoryJobRepository;
import dev.videoagent.core.testing.MutableClock;
import dev.videoagent.core.testing.TestJobs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PruneEventsTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void deletesOldEventsABatchAtATimeAndThenOnlyNowAndThen() {
    InMemoryJobRepository jobs = new InMemoryJobRepository();
    int old = PruneEvents.BATCH * 2 + 7;
    for (int i = 0; i < old; i++) {
      VideoJob job = jobs.insert(TestJobs.pending(TestJobs.id(i), "acme", T0));
      jobs.update(job.canceled(T0)).orElseThrow();
    }
    VideoJob recent = jobs.insert(TestJobs.pending(TestJobs.id(old), "acme", T0));
    jobs.update(recent.canceled(T0.plus(Duration.ofDays(6)))).orElseThrow();
    MutableClock clock = new MutableClock(T0.plus(PruneEvents.RETENTION).plusSeconds(1));
    PruneEvents prune = new PruneEvents(jobs, clock);

    assertThat(prune.runIfDue()).isEqualTo(PruneEvents.BATCH);
    assertThat(prune.runIfDue()).isEqualTo(PruneEvents.BATCH);
    assertThat(prune.runIfDue()).isEqualTo(7);
    // Few were left: the next look waits for the interval.
    assertThat(prune.runIfDue()).isZero();
    assertThat(jobs.events(EventQuery.all(0, 10))).hasSize(1);

    clock.advance(PruneEvents.INTERVAL.minusSeconds(1));
    assertThat(prune.runIfDue()).isZero();
    clock.advance(Duration.ofDays(6));
    assertThat(prune.runIfDue()).isEqualTo(1);
    assertThat(jobs.events(EventQuery.all(0, 10))).isEmpty();
  }
}
