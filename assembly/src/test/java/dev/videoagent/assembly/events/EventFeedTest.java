package dev.videoagent.assembly.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.TestAssemblies;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.testing.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change record's reader on a real SQLite file. */
class EventFeedTest {
  /** More than one poll reads, so that a catch-up has to read on past a full batch. */
  private static final int JOBS = EventFeed.POLL_BATCH + 100;

  @TempDir Path home;

  @Test
  void aCatchUpReadsEveryCommittedEventWithoutWaitingForThePoll() {
    try (Assembly assembly = Assembly.builder(TestAssemblies.settings(home, true, null)).build()) {
      // The feed's own thread reads once at the start, then not for an hour.
      try (EventFeed feed = new EventFeed(assembly.jobs(), Duration.ofHours(1)).start()) {
        AtomicInteger told = new AtomicInteger();
        feed.onNewEvents(told::incrementAndGet);
        long from = feed.position();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= JOBS; i++) {
          ids.add(TestAssemblies.queued(assembly.jobs(), TestJobs.id(i), "acme", null).id());
        }

        feed.catchUp();

        assertThat(feed.position()).isEqualTo(assembly.jobs().lastEventSeq());
        assertThat(told).hasValueGreaterThanOrEqualTo(2);
        EventCursor cursor = feed.cursor(EventFilter.tenant("acme"), from);
        List<JobEvent> read = new ArrayList<>();
        List<JobEvent> page;
        while (!(page = cursor.next(100)).isEmpty()) {
          read.addAll(page);
        }
        assertThat(read).extracting(JobEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(read.get(read.size() - 1).seq()).isEqualTo(feed.position());
        assertThat(read.stream().map(JobEvent::jobId).distinct())
            .containsExactlyInAnyOrderElementsOf(ids);
      }
    }
  }
}
