package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.testing.TestJobs;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VideoJobTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final URI MEDIA = URI.create("https://cdn.example.com/v.mp4");

  private final VideoJob pending = TestJobs.pending("vid_1", "acme", T0);

  @Test
  void aNewJobIsPendingAndDueAtOnce() {
    assertThat(pending.status()).isEqualTo(JobStatus.PENDING);
    assertThat(pending.isDue(T0)).isTrue();
    assertThat(pending.attempt()).isEqualTo(1);
    assertThat(pending.hasUnansweredAttempt()).isFalse();
  }

  @Test
  void theAttemptMarkIsSetBeforeTheCallAndClearedByTheAnswer() {
    VideoJob marked = pending.submissionStarted(T0, T0.plusSeconds(180));
    assertThat(marked.hasUnansweredAttempt()).isTrue();
    assertThat(marked.isDue(T0.plusSeconds(179))).isFalse();
    assertThatThrownBy(() -> marked.submissionStarted(T0, T0))
        .isInstanceOf(IllegalStateException.class);

    VideoJob queued = marked.acceptedByGateway("r1", false, T0.plusSeconds(1), T0.plusSeconds(6));
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.hasUnansweredAttempt()).isFalse();
    assertThat(queued.gatewayRequestId()).isEqualTo("r1");
    assertThat(queued.nextCheckAt()).isEqualTo(T0.plusSeconds(6));
  }

  @Test
  void runningReportsNeverMoveBackwards() {
    VideoJob processing =
        pending
            .acceptedByGateway("r1", false, T0, T0)
            .stillRunning(JobStatus.PROCESSING, T0.plusSeconds(5), T0.plusSeconds(10));
    VideoJob again =
        processing.stillRunning(JobStatus.QUEUED, T0.plusSeconds(10), T0.plusSeconds(20));
    assertThat(again.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(again.statusReads()).isEqualTo(2);
  }

  @Test
  void completionRecordsTheLinkAndMakesTheDownloadDue() {
    VideoJob done =
        pending.acceptedByGateway("r1", false, T0, T0).completedAt(MEDIA, T0.plusSeconds(9));
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.completedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(done.awaitsDownload()).isTrue();
    assertThat(done.isSettled()).isFalse();
    assertThat(done.isDue(T0.plusSeconds(9))).isTrue();

    VideoJob stored =
        done.contentStored(new StoredContent("0".repeat(64), 10, "video/mp4"), T0.plusSeconds(10));
    assertThat(stored.isSettled()).isTrue();
    assertThat(stored.nextCheckAt()).isNull();
  }

  @Test
  void terminalJobsRefuseEveryStatusChange() {
    VideoJob canceled = pending.canceled(T0);
    assertThatThrownBy(() -> canceled.acceptedByGateway("r", false, T0, T0))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("canceled");
    assertThatThrownBy(() -> canceled.completedAt(MEDIA, T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> canceled.canceled(T0)).isInstanceOf(IllegalTransitionException.class);
    VideoJob failed = pending.failed(ErrorCode.GATEWAY_REJECTED, "no", T0);
    assertThatThrownBy(() -> failed.failed(ErrorCode.TIMED_OUT, "again", T0))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void onlyAFailedJobCanBeReopenedAndAsANewAttempt() {
    VideoJob failed =
        pending
            .submissionStarted(T0, T0)
            .failed(ErrorCode.SUBMISSION_UNKNOWN, "unknown", T0.plusSeconds(1));
    VideoJob retried = failed.reopenForRetry(T0.plusSeconds(60), T0.plusSeconds(7260));
    assertThat(retried.status()).isEqualTo(JobStatus.PENDING);
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.error()).isNull();
    assertThat(retried.deadline()).isEqualTo(T0.plusSeconds(7260));
    assertThat(retried.isDue(T0.plusSeconds(60))).isTrue();

    assertThatThrownBy(() -> pending.reopenForRetry(T0, T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> pending.canceled(T0).reopenForRetry(T0, T0))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void abandonedDownloadsKeepTheJobCompletedWithAnError() {
    VideoJob done = pending.acceptedByGateway("r1", false, T0, T0).completedAt(MEDIA, T0);
    VideoJob abandoned = done.downloadAbandoned("gone", T0.plusSeconds(1));
    assertThat(abandoned.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(abandoned.error().code()).isEqualTo(ErrorCode.DOWNLOAD_FAILED);
    assertThat(abandoned.isSettled()).isTrue();
    VideoJob again = abandoned.downloadRequested(T0.plusSeconds(2));
    assertThat(again.awaitsDownload()).isTrue();
    assertThat(again.isDue(T0.plusSeconds(2))).isTrue();
  }
}
