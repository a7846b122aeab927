package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.testing.TestJobs;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobEventTypeTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final StoredContent VIDEO = new StoredContent("a".repeat(64), 1L, "video/mp4");

  private final VideoJob pending = TestJobs.pending(TestJobs.id(1), "acme", T0);
  private final VideoJob queued =
      pending.submissionStarted(T0, T0).acceptedByGateway("r", false, T0, T0);
  private final VideoJob completed = queued.completedAt(URI.create("https://cdn/x.mp4"), T0);

  @Test
  void aStatusReachedIsItsEventAndAStoredVideoFollowsIt() {
    assertThat(JobEventType.between(pending, queued)).containsExactly(JobEventType.QUEUED);
    assertThat(JobEventType.between(queued, completed)).containsExactly(JobEventType.COMPLETED);
    assertThat(JobEventType.between(queued, completed.contentStored(VIDEO, T0)))
        .containsExactly(JobEventType.COMPLETED, JobEventType.STORED);
    assertThat(JobEventType.between(completed, completed.contentStored(VIDEO, T0)))
        .containsExactly(JobEventType.STORED);
    assertThat(JobEventType.between(queued, queued.canceled(T0)))
        .containsExactly(JobEventType.CANCELED);
    assertThat(JobEventType.between(queued, queued.failedAtGateway("no", T0)))
        .containsExactly(JobEventType.FAILED);
  }

  @Test
  void aStallFoundIsAnEventOnceAndAStatusThatMovesClearsIt() {
    VideoJob stalled = queued.withOutlook(T0, null, true, T0.plusSeconds(900));
    assertThat(JobEventType.between(queued, stalled)).containsExactly(JobEventType.STALLED);
    assertThat(stalled.stalledSince()).isEqualTo(T0.plusSeconds(900));
    VideoJob again = stalled.withOutlook(T0, null, true, T0.plusSeconds(960));
    assertThat(JobEventType.between(stalled, again)).isEmpty();
    assertThat(again.stalledSince()).isEqualTo(T0.plusSeconds(900));
    VideoJob moved = again.stillRunning(JobStatus.PROCESSING, T0.plusSeconds(990), T0);
    assertThat(moved.stalledSince()).isNull();
    assertThat(JobEventType.fromWire("video.stalled")).contains(JobEventType.STALLED);
  }

  @Test
  void bookkeepingAndARetryAreNoEvents() {
    assertThat(JobEventType.between(pending, pending.claimedUntil(T0.plusSeconds(9), T0)))
        .isEmpty();
    assertThat(JobEventType.between(pending, pending.submissionStarted(T0, T0))).isEmpty();
    assertThat(JobEventType.between(queued, queued.stillRunning(JobStatus.QUEUED, T0, T0)))
        .isEmpty();
    assertThat(JobEventType.between(completed, completed.downloadAbandoned("gone", T0))).isEmpty();
    VideoJob failed = queued.failedAtGateway("no", T0);
    assertThat(JobEventType.between(failed, failed.reopenForRetry(T0, T0.plusSeconds(60))))
        .isEmpty();
  }

  @Test
  void theCurrentEventOfAJobIsWhereItStands() {
    assertThat(JobEventType.current(pending)).isEmpty();
    assertThat(JobEventType.current(queued)).contains(JobEventType.QUEUED);
    assertThat(JobEventType.current(completed)).contains(JobEventType.COMPLETED);
    assertThat(JobEventType.current(completed.contentStored(VIDEO, T0)))
        .contains(JobEventType.STORED);
  }

  @Test
  void wireNamesRoundTrip() {
    for (JobEventType type : JobEventType.values()) {
      assertThat(type.wireName()).startsWith("video.");
      assertThat(JobEventType.fromWire(type.wireName())).contains(type);
    }
    assertThat(JobEventType.fromWire("video.pending")).isEmpty();
  }

  @Test
  void anEventIdNamesTheJobTheVersionAndTheType() {
    JobEvent.Unrecorded event = JobEvent.of(queued.atVersion(3), JobEventType.QUEUED, "{}");
    assertThat(event.eventId()).isEqualTo("evt_" + queued.id() + "_3_queued");
    assertThat(event.recordedAs(7).seq()).isEqualTo(7);
    assertThatThrownBy(() -> event.recordedAs(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEventQueryIsBounded() {
    assertThatThrownBy(() -> EventQuery.all(0, 0)).hasMessageContaining("limit");
    assertThatThrownBy(() -> EventQuery.all(0, EventQuery.MAX_LIMIT + 1))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> EventQuery.all(-1, 10)).hasMessageContaining("afterSeq");
    assertThatThrownBy(() -> new EventQuery("acme", "vid_1", 0, 10))
        .hasMessageContaining("not both");
  }
}
