package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.testing.TestJobs;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each group of a job's fields holds its own rules, and each transition touches its own groups. */
class JobGroupsTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final URI MEDIA = URI.create("https://cdn.example.com/v.mp4");
  private static final StoredContent VIDEO = new StoredContent("0".repeat(64), 10, "video/mp4");
  private static final JobError FAILURE = new JobError(ErrorCode.GATEWAY_FAILED, "no");

  private final VideoJob pending = TestJobs.pending("vid_1", "acme", T0);

  @Test
  void theIdentityNeedsAnIdATenantARequestATokenAndACreationTime() {
    VideoRequest request = VideoRequest.of("a prompt");
    assertThatThrownBy(() -> new JobIdentity(null, "acme", request, "tok", null, T0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id");
    assertThatThrownBy(() -> new JobIdentity(" ", "acme", request, "tok", null, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobIdentity("vid_1", "acme", request, "", null, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobIdentity("vid_1", "acme", request, "tok", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("createdAt");
    assertThat(new JobIdentity("vid_1", "acme", request, "tok", null, T0).idempotencyKey())
        .isNull();
  }

  @Test
  void theLifecycleHoldsItsFieldsToWhatTheStatusAllows() {
    assertThatThrownBy(() -> lifecycle(JobStatus.PENDING, 0, null, null, null, null, null))
        .hasMessageContaining("attempt");
    assertThatThrownBy(() -> lifecycle(JobStatus.PENDING, 1, "r1", null, null, null, null))
        .hasMessageContaining("pending job has no gateway request");
    assertThatThrownBy(() -> lifecycle(JobStatus.QUEUED, 1, null, null, null, null, null))
        .hasMessageContaining("request id");
    assertThatThrownBy(() -> lifecycle(JobStatus.COMPLETED, 1, "r1", null, null, null, T0))
        .hasMessageContaining("video URL");
    assertThatThrownBy(() -> lifecycle(JobStatus.COMPLETED, 1, "r1", MEDIA, null, null, null))
        .hasMessageContaining("completion time");
    assertThatThrownBy(() -> lifecycle(JobStatus.PROCESSING, 1, "r1", MEDIA, null, null, null))
        .hasMessageContaining("video URL");
    assertThatThrownBy(() -> lifecycle(JobStatus.CANCELED, 1, "r1", null, VIDEO, null, null))
        .hasMessageContaining("only a completed job has stored content");
    JobError gaveUp = new JobError(ErrorCode.DOWNLOAD_FAILED, "gone");
    assertThatThrownBy(() -> lifecycle(JobStatus.COMPLETED, 1, "r1", MEDIA, VIDEO, gaveUp, T0))
        .hasMessageContaining("stored content has no error");
    assertThatThrownBy(() -> lifecycle(JobStatus.FAILED, 1, null, null, null, null, null))
        .hasMessageContaining("says why");
    assertThatThrownBy(() -> lifecycle(JobStatus.QUEUED, 1, "r1", null, null, FAILURE, null))
        .hasMessageContaining("has an error");
    assertThatThrownBy(() -> lifecycle(JobStatus.COMPLETED, 1, "r1", MEDIA, null, FAILURE, T0))
        .hasMessageContaining("has an error");

    assertThat(lifecycle(JobStatus.COMPLETED, 2, "r1", MEDIA, null, gaveUp, T0).error())
        .isEqualTo(gaveUp);
    assertThat(lifecycle(JobStatus.FAILED, 1, null, null, null, FAILURE, null).status())
        .isEqualTo(JobStatus.FAILED);
  }

  @Test
  void theScheduleNeedsADeadlineAndCountsUpFromZero() {
    assertThatThrownBy(() -> new JobSchedule(T0, null, 0, 0, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("deadline");
    assertThatThrownBy(() -> new JobSchedule(T0, null, -1, 0, T0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobSchedule(T0, null, 0, -1, T0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new JobSchedule(null, null, 0, 0, T0, null).isDue(T0)).isFalse();
  }

  @Test
  void theRevisionNeedsAnUpdateTimeAndANonNegativeVersion() {
    assertThatThrownBy(() -> new JobRevision(null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("updatedAt");
    assertThatThrownBy(() -> new JobRevision(T0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyAPendingJobCarriesAnAttemptMark() {
    VideoJob queued = pending.acceptedByGateway("r1", false, T0, T0);
    JobSchedule marked = new JobSchedule(T0, T0, 0, 0, queued.deadline(), null);

    assertThatThrownBy(
            () -> new VideoJob(queued.identity(), queued.lifecycle(), marked, queued.revision()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt mark");
    assertThat(new VideoJob(pending.identity(), pending.lifecycle(), marked, pending.revision()))
        .matches(VideoJob::hasUnansweredAttempt);
  }

  @Test
  void eachTransitionChangesOnlyTheGroupsItIsAbout() {
    VideoJob claimed = pending.claimedUntil(T0.plusSeconds(60), T0.plusSeconds(1));
    assertThat(claimed.identity()).isSameAs(pending.identity());
    assertThat(claimed.lifecycle()).isSameAs(pending.lifecycle());
    assertThat(claimed.schedule().nextCheckAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(claimed.revision()).isEqualTo(new JobRevision(T0.plusSeconds(1), 0));

    VideoJob queued = claimed.acceptedByGateway("r1", true, T0.plusSeconds(2), T0.plusSeconds(7));
    assertThat(queued.identity()).isSameAs(pending.identity());
    assertThat(queued.lifecycle())
        .isEqualTo(
            new JobLifecycle(JobStatus.QUEUED, 1, "r1", null, null, null, true, null, null, false));
    assertThat(queued.schedule())
        .isEqualTo(new JobSchedule(T0.plusSeconds(7), null, 0, 0, pending.deadline(), null));

    VideoJob stored = queued.atVersion(4);
    assertThat(stored.lifecycle()).isSameAs(queued.lifecycle());
    assertThat(stored.schedule()).isSameAs(queued.schedule());
    assertThat(stored.revision()).isEqualTo(new JobRevision(T0.plusSeconds(2), 4));

    VideoJob retried =
        stored
            .failedAtGateway("broken", T0.plusSeconds(9))
            .reopenForRetry(T0.plusSeconds(10), T0.plusSeconds(99));
    assertThat(retried.identity()).isSameAs(pending.identity());
    assertThat(retried.lifecycle())
        .isEqualTo(
            new JobLifecycle(
                JobStatus.PENDING, 2, null, null, null, null, false, null, null, false));
    assertThat(retried.schedule())
        .isEqualTo(new JobSchedule(T0.plusSeconds(10), null, 0, 0, T0.plusSeconds(99), null));
    assertThat(retried.version()).isEqualTo(4);
  }

  @Test
  void theAccessorsReadThroughToTheGroups() {
    VideoJob done =
        pending
            .submissionStarted(T0, T0.plusSeconds(60))
            .acceptedByGateway("r1", true, T0, T0)
            .completedAt(MEDIA, T0.plusSeconds(5))
            .contentStored(VIDEO, T0.plusSeconds(6))
            .atVersion(3);

    assertThat(done.id()).isEqualTo(done.identity().id()).isEqualTo("vid_1");
    assertThat(done.tenant()).isEqualTo("acme");
    assertThat(done.callbackToken()).isEqualTo("tok-vid_1");
    assertThat(done.createdAt()).isEqualTo(T0);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.gatewayRequestId()).isEqualTo("r1");
    assertThat(done.callbackRegistered()).isTrue();
    assertThat(done.videoUrl()).isEqualTo(MEDIA);
    assertThat(done.content()).isEqualTo(VIDEO);
    assertThat(done.completedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(done.statusReads()).isEqualTo(1);
    assertThat(done.consecutiveFailures()).isZero();
    assertThat(done.nextCheckAt()).isNull();
    assertThat(done.submitStartedAt()).isNull();
    assertThat(done.deadline()).isEqualTo(pending.deadline());
    assertThat(done.updatedAt()).isEqualTo(T0.plusSeconds(6));
    assertThat(done.version()).isEqualTo(3);
  }

  @Test
  void aVisibleChangeIsAnotherStatusStoredVideoOrError() {
    VideoJob claimed = pending.claimedUntil(T0.plusSeconds(60), T0);
    VideoJob queued = pending.acceptedByGateway("r1", false, T0, T0);
    VideoJob read = queued.stillRunning(JobStatus.QUEUED, T0.plusSeconds(5), T0.plusSeconds(10));
    VideoJob done = queued.completedAt(MEDIA, T0.plusSeconds(9));
    VideoJob abandoned = done.downloadAbandoned("gone", T0.plusSeconds(10));

    assertThat(claimed.visiblyChangedFrom(pending)).isFalse();
    assertThat(read.visiblyChangedFrom(queued)).isFalse();
    assertThat(done.downloadFailed(T0, T0).visiblyChangedFrom(done)).isFalse();
    assertThat(queued.visiblyChangedFrom(pending)).isTrue();
    assertThat(done.contentStored(VIDEO, T0).visiblyChangedFrom(done)).isTrue();
    assertThat(abandoned.visiblyChangedFrom(done)).isTrue();
    assertThat(abandoned.downloadRequested(T0).visiblyChangedFrom(abandoned)).isTrue();
  }

  private static JobLifecycle lifecycle(
      JobStatus status,
      int attempt,
      String requestId,
      URI videoUrl,
      StoredContent content,
      JobError error,
      Instant completedAt) {
    return new JobLifecycle(
        status,
        attempt,
        requestId,
        videoUrl,
        content,
        error,
        requestId != null,
        completedAt,
        status == JobStatus.CANCELED ? CanceledBy.USER : null,
        false);
  }
}
