package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.DownloadResult;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.MediaDownloader;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrackingTest {
  private final World world = new World();

  private WaitResult waitFor(VideoJob job, Duration timeout) throws InterruptedException {
    return world.waitForJob.await(Access.operator(), job.id(), timeout, j -> {});
  }

  @Test
  void aJobIsStoredBeforeAnythingIsSent() {
    VideoJob job = world.create("demo");
    assertThat(world.reload(job).status()).isEqualTo(JobStatus.PENDING);
    assertThat(world.gateway.submissions()).isEmpty();
  }

  @Test
  void aFourSecondJobIsSeenDoneAtTheFirstReadAndItsVideoStored() throws Exception {
    VideoJob job = world.create("demo");
    world.gateway.thenCompleted("https://cdn.example.com/demo.mp4");
    List<JobStatus> seen = new ArrayList<>();

    WaitResult result =
        world.waitForJob.await(
            Access.operator(), job.id(), Duration.ofMinutes(5), j -> seen.add(j.status()));

    assertThat(result).isInstanceOf(WaitResult.Settled.class);
    VideoJob done = ((WaitResult.Settled) result).job();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.content()).isNotNull();
    assertThat(world.store.bytesOf(job.id())).isPresent();
    assertThat(world.gateway.submissions()).hasSize(1);
    assertThat(world.gateway.statusReads()).hasSize(1);
    assertThat(done.statusReads()).isEqualTo(1);
    assertThat(seen).containsExactly(JobStatus.QUEUED, JobStatus.COMPLETED);
  }

  @Test
  void aTenMinuteJobCostsAtMostTwentyReads() throws Exception {
    VideoJob job = world.create("long");
    Instant finishesAt = world.clock.instant().plus(Duration.ofMinutes(10));
    world.advanceJob.refresh(job);
    int reads = 0;
    while (!world.reload(job).isSettled()) {
      VideoJob current = world.reload(job);
      world.clock.set(current.nextCheckAt());
      if (!world.clock.instant().isBefore(finishesAt)) {
        world.gateway.thenCompleted("https://cdn.example.com/long.mp4");
      }
      world.advanceJob.refresh(current);
      reads++;
      assertThat(reads).isLessThan(100);
    }
    assertThat(world.gateway.statusReads().size()).isLessThanOrEqualTo(20);
  }

  @Test
  void rateLimitedSubmissionsWaitAsAskedAndGoOutOnce() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(
        new SubmitResult.NotTaken(GatewayTrouble.RATE_LIMITED, "slow down", Duration.ofSeconds(7)));
    Instant start = world.clock.instant();

    VideoJob after = world.advanceJob.refresh(job);
    assertThat(after.status()).isEqualTo(JobStatus.PENDING);
    assertThat(after.hasUnansweredAttempt()).isFalse();
    assertThat(after.nextCheckAt()).isEqualTo(start.plusSeconds(7));
    assertThat(world.advanceDueJobs.runOnce(10)).isEmpty();

    world.clock.advance(Duration.ofSeconds(7));
    assertThat(world.advanceDueJobs.runOnce(10))
        .extracting(VideoJob::status)
        .containsExactly(JobStatus.QUEUED);
    assertThat(world.gateway.submissions()).hasSize(2);
  }

  @Test
  void aRateLimitedGatewayDelaysJobsUntilTheirDeadlineAndNeverBills() {
    World short_ =
        new World(JobPolicy.defaults().withDeadline(Duration.ofMinutes(1)), CallbackAddress.none());
    VideoJob job = short_.create("demo");
    for (int i = 0; i < 100 && !short_.reload(job).status().isTerminal(); i++) {
      short_.gateway.thenSubmit(new SubmitResult.NotTaken(GatewayTrouble.UNAVAILABLE, "503", null));
      short_.advanceJob.refresh(short_.reload(job));
      VideoJob current = short_.reload(job);
      if (current.nextCheckAt() != null) {
        short_.clock.set(current.nextCheckAt());
      }
    }
    VideoJob end = short_.reload(job);
    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.error().code()).isEqualTo(ErrorCode.TIMED_OUT);
    assertThat(end.error().message()).contains("Nothing was billed");
  }

  @Test
  void anAmbiguousSubmissionFailsAndIsNeverSentAgainByItself() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 502"));

    VideoJob after = world.advanceJob.refresh(job);
    assertThat(after.status()).isEqualTo(JobStatus.FAILED);
    assertThat(after.error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
    assertThat(after.error().message())
        .contains("may have accepted and billed")
        .contains("POST /v1/videos/" + job.id() + "/retry")
        .contains("videoagent retry " + job.id());
    for (int i = 0; i < 10; i++) {
      world.clock.advance(Duration.ofMinutes(10));
      world.advanceDueJobs.runOnce(10);
    }
    assertThat(world.gateway.submissions()).hasSize(1);
  }

  @Test
  void anExplicitRetryOfAnAmbiguousJobSubmitsItOnceMore() throws Exception {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));
    world.advanceJob.refresh(job);

    RetryJob retry = new RetryJob(world.jobs, world.clock, world.policy);
    assertThat(retry.retry(Access.operator(), job.id()))
        .isInstanceOf(RetryJob.RetryResult.Retried.class);
    world.gateway.thenCompleted("https://cdn.example.com/x.mp4");
    WaitResult result = waitFor(job, Duration.ofMinutes(5));

    VideoJob done = ((WaitResult.Settled) result).job();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(world.gateway.submissions()).hasSize(2);
  }

  @Test
  void aProcessThatDiedMidSubmitLeavesSubmissionUnknownNotASecondBill() {
    VideoJob job = world.create("demo");
    Instant now = world.clock.instant();
    // What a process leaves behind when it is killed between marking and the gateway's answer.
    world.jobs.update(job.submissionStarted(now, now.plus(world.policy.lease()))).orElseThrow();

    assertThat(world.advanceDueJobs.runOnce(10)).isEmpty();
    world.clock.advance(world.policy.lease());
    List<VideoJob> round = world.advanceDueJobs.runOnce(10);

    assertThat(round)
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.status()).isEqualTo(JobStatus.FAILED);
              assertThat(j.error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
            });
    assertThat(world.gateway.submissions()).isEmpty();
  }

  @Test
  void aRejectedSubmissionFailsWithTheGatewaysWords() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Rejected(422, "prompt too vague"));
    VideoJob after = world.advanceJob.refresh(job);
    assertThat(after.error().code()).isEqualTo(ErrorCode.GATEWAY_REJECTED);
    assertThat(after.error().message()).contains("HTTP 422").contains("prompt too vague");
  }

  @Test
  void aRefusedKeyLeavesTheJobPendingAndUnattempted() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmitThrows(new GatewayAuthenticationException("check PIXAZO_API_KEY"));
    assertThatThrownBy(() -> world.advanceJob.refresh(job))
        .isInstanceOf(GatewayAuthenticationException.class);
    VideoJob after = world.reload(job);
    assertThat(after.status()).isEqualTo(JobStatus.PENDING);
    assertThat(after.hasUnansweredAttempt()).isFalse();
  }

  @Test
  void anUnexpectedErrorDuringSubmitIsTreatedAsPossiblyBilled() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmitThrows(new IllegalStateException("bug"));
    assertThatThrownBy(() -> world.advanceJob.refresh(job))
        .isInstanceOf(IllegalStateException.class);
    assertThat(world.reload(job).error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
  }

  @Test
  void badStatusReadsNeverFailTheJob() throws Exception {
    VideoJob job = world.create("demo");
    for (int i = 0; i < 6; i++) {
      world.gateway.thenStatus(new StatusResult.Unreadable(GatewayTrouble.GARBLED, "<html>", null));
    }
    world.gateway.thenStatus(new StatusResult.Running(JobStatus.PROCESSING));
    world.gateway.thenCompleted("https://cdn.example.com/x.mp4");

    WaitResult result = waitFor(job, Duration.ofHours(1));

    VideoJob done = ((WaitResult.Settled) result).job();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(world.gateway.statusReads()).hasSize(8);
  }

  @Test
  void aJobPastItsDeadlineTimesOut() {
    VideoJob job = world.create("demo");
    world.advanceJob.refresh(job);
    world.clock.advance(world.policy.deadline());
    VideoJob after = world.advanceJob.refresh(world.reload(job));
    assertThat(after.status()).isEqualTo(JobStatus.FAILED);
    assertThat(after.error().code()).isEqualTo(ErrorCode.TIMED_OUT);
    // The gateway took it: it may yet finish (and be billed) there.
    assertThat(after.error().message()).contains("It may still finish at the gateway");
  }

  @Test
  void aGatewayFailureEndsTheJob() {
    VideoJob job = world.create("demo");
    world.advanceJob.refresh(job);
    world.gateway.thenStatus(new StatusResult.Failed("avatar not found."));
    world.clock.advance(Duration.ofSeconds(10));
    VideoJob after = world.advanceJob.refresh(world.reload(job));
    assertThat(after.error().code()).isEqualTo(ErrorCode.GATEWAY_FAILED);
    assertThat(after.error().message())
        .isEqualTo("The gateway reported the job as failed: avatar not found.");
  }

  @Test
  void anExpiredLinkIsReplacedByAFreshOne() throws Exception {
    VideoJob job = world.create("demo");
    world.gateway.thenCompleted("https://cdn.example.com/old.mp4");
    world.gateway.thenCompleted("https://cdn.example.com/fresh.mp4");
    world.downloader.thenFail(new DownloadResult.Expired(403));

    VideoJob done = ((WaitResult.Settled) waitFor(job, Duration.ofMinutes(5))).job();

    assertThat(done.content()).isNotNull();
    assertThat(done.videoUrl()).isEqualTo(URI.create("https://cdn.example.com/fresh.mp4"));
    assertThat(world.downloader.requested())
        .containsExactly(
            URI.create("https://cdn.example.com/old.mp4"),
            URI.create("https://cdn.example.com/fresh.mp4"));
  }

  @Test
  void downloadsThatKeepFailingLeaveTheJobCompletedUntilAskedAgain() throws Exception {
    VideoJob job = world.create("demo");
    world.gateway.thenCompleted("https://cdn.example.com/x.mp4");
    for (int i = 0; i < world.policy.downloadAttempts(); i++) {
      world.downloader.thenFail(new DownloadResult.Failed("connection reset", false));
    }

    VideoJob settled = ((WaitResult.Settled) waitFor(job, Duration.ofHours(1))).job();
    assertThat(settled.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(settled.content()).isNull();
    assertThat(settled.error().code()).isEqualTo(ErrorCode.DOWNLOAD_FAILED);
    assertThat(world.downloader.requested()).hasSize(world.policy.downloadAttempts());

    DownloadVideo download =
        new DownloadVideo(world.jobs, world.advanceJob, world.store, world.clock);
    DownloadVideo.VideoResult again = download.open(Access.operator(), job.id(), true);
    assertThat(again).isInstanceOf(DownloadVideo.VideoResult.Available.class);
    assertThat(world.reload(job).error()).isNull();
  }

  @Test
  void aBadSchemeIsNotTriedAgain() throws Exception {
    VideoJob job = world.create("demo");
    world.gateway.thenCompleted("https://cdn.example.com/x.mp4");
    world.downloader.thenFail(new DownloadResult.Failed("file: URLs are refused", true));
    VideoJob settled = ((WaitResult.Settled) waitFor(job, Duration.ofHours(1))).job();
    assertThat(settled.error().code()).isEqualTo(ErrorCode.DOWNLOAD_FAILED);
    assertThat(world.downloader.requested()).hasSize(1);
  }

  @Test
  void noMoreThanTheCapAreInFlightAndTheRestWaitInOrder() {
    World capped = new World(JobPolicy.defaults().withMaxInFlight(2), CallbackAddress.none());
    List<VideoJob> created = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      created.add(capped.create("job " + i));
      capped.clock.advance(Duration.ofMillis(5));
    }
    capped.advanceDueJobs.runOnce(10);
    assertThat(capped.gateway.submissions())
        .extracting(s -> s.request().prompt())
        .containsExactly("job 0", "job 1");
    assertThat(capped.reload(created.get(2)).status()).isEqualTo(JobStatus.PENDING);

    capped.gateway.thenCompleted("https://cdn.example.com/0.mp4");
    capped.clock.advance(Duration.ofSeconds(10));
    capped.advanceDueJobs.runOnce(10);
    assertThat(capped.gateway.submissions())
        .extracting(s -> s.request().prompt())
        .containsExactly("job 0", "job 1", "job 2");
  }

  @Test
  void aWaitThatRunsOutSaysSoAndLeavesTheJobRunning() throws Exception {
    VideoJob job = world.create("demo");
    WaitResult result = waitFor(job, Duration.ofSeconds(30));
    assertThat(result).isInstanceOf(WaitResult.TimedOut.class);
    assertThat(((WaitResult.TimedOut) result).job().status())
        .isIn(JobStatus.QUEUED, JobStatus.PROCESSING);
  }

  @Test
  void waitingForAnotherTenantsJobFindsNothing() throws Exception {
    VideoJob job = world.create("demo");
    assertThat(
            world.waitForJob.await(
                Access.tenant("globex"), job.id(), Duration.ofSeconds(1), j -> {}))
        .isInstanceOf(WaitResult.NotFound.class);
  }

  @Test
  void twoWorkersOnOneDatabaseSubmitAndReadEachJobOnce() {
    AdvanceJob other = world.anotherWorker(world.jobs);
    VideoJob job = world.create("demo");
    VideoJob seenByOther = world.reload(job);

    world.advanceJob.refresh(job);
    VideoJob afterOther = other.refresh(seenByOther);

    assertThat(world.gateway.submissions()).hasSize(1);
    assertThat(afterOther.status()).isEqualTo(JobStatus.QUEUED);

    world.clock.advance(Duration.ofSeconds(6));
    VideoJob due = world.reload(job);
    world.advanceJob.refresh(due);
    other.refresh(due);
    assertThat(world.gateway.statusReads()).hasSize(1);
  }

  @Test
  void aJobWithAWebhookIsPolledOnlyAsASafetyNet() {
    World hooked =
        new World(
            JobPolicy.defaults(),
            j -> java.util.Optional.of(URI.create("https://us.example.com/cb/" + j.id())));
    VideoJob job = hooked.create("demo");
    VideoJob queued = hooked.advanceJob.refresh(job);
    assertThat(queued.callbackRegistered()).isTrue();
    assertThat(hooked.gateway.submissions().get(0).webhookUrl())
        .hasToString("https://us.example.com/cb/" + job.id());
    assertThat(Duration.between(hooked.clock.instant(), queued.nextCheckAt()))
        .isGreaterThan(Duration.ofMinutes(1));

    ExpediteJob expedite = new ExpediteJob(hooked.jobs, hooked.clock);
    assertThat(expedite.expedite(job.id(), "wrong")).isEqualTo(ExpediteJob.ExpediteResult.REFUSED);
    assertThat(expedite.expedite("vid_unknown", queued.callbackToken()))
        .isEqualTo(ExpediteJob.ExpediteResult.REFUSED);
    assertThat(expedite.expedite(job.id(), queued.callbackToken()))
        .isEqualTo(ExpediteJob.ExpediteResult.EXPEDITED);

    hooked.gateway.thenCompleted("https://cdn.example.com/x.mp4");
    hooked.advanceDueJobs.runOnce(10);
    assertThat(hooked.reload(job).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(hooked.gateway.statusReads()).hasSize(1);
  }

  @Test
  void aLongDownloadKeepsItsClaimWhileBytesFlowSoNoOtherWorkerStartsIt() {
    VideoJob job = world.create("a big video");
    world.gateway.thenCompleted("https://cdn.example.com/big.mp4");
    world.advanceJob.refresh(job);
    world.clock.advance(Duration.ofSeconds(6));
    List<String> downloads = new ArrayList<>();
    List<VideoJob> seenByTheOther = new ArrayList<>();
    AdvanceJob[] other = new AdvanceJob[1];
    MediaDownloader slow =
        (jobId, url, stillGoing) -> {
          downloads.add(jobId);
          if (downloads.size() == 1) {
            // Four leases pass while the bytes stream in, a chunk every 10 s; another worker
            // looks at the job after each lease.
            Duration chunk = Duration.ofSeconds(10);
            long chunksPerLease = world.policy.lease().dividedBy(chunk);
            for (long i = 1; i <= 4 * chunksPerLease; i++) {
              world.clock.advance(chunk);
              stillGoing.run();
              if (i % chunksPerLease == 0) {
                seenByTheOther.add(other[0].refresh(world.reload(job)));
              }
            }
          }
          return world.downloader.download(jobId, url, stillGoing);
        };
    AdvanceJob first = advanceJobWith(slow, 1);
    other[0] = advanceJobWith(slow, 2);

    VideoJob done = first.refresh(world.reload(job));

    assertThat(done.content()).isNotNull();
    assertThat(downloads).hasSize(1);
    assertThat(seenByTheOther).hasSize(4).allSatisfy(j -> assertThat(j.content()).isNull());
  }

  @Test
  void aDownloadWhoseWorkerDiedIsTakenUpAgainOneLeaseLater() {
    VideoJob job = world.create("a video whose downloader died");
    world.gateway.thenCompleted("https://cdn.example.com/lost.mp4");
    // The first worker finds it completed, claims it and starts the download; its process dies
    // after the first chunk: its claim is renewed no more.
    MediaDownloader dying =
        (jobId, url, stillGoing) -> {
          stillGoing.run();
          throw new IllegalStateException("the process died here");
        };
    AdvanceJob doomed = advanceJobWith(dying, 1);
    world.clock.advance(Duration.ofSeconds(6));
    world.advanceJob.refresh(job); // submitted
    world.clock.advance(Duration.ofSeconds(6));
    assertThatThrownBy(() -> doomed.refresh(world.reload(job))).hasMessageContaining("died");
    VideoJob abandoned = world.reload(job);
    assertThat(abandoned.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(abandoned.content()).isNull();

    // Before the lease ends nobody touches it; right after, another worker stores the video.
    world.clock.advance(world.policy.lease().minusSeconds(1));
    assertThat(world.advanceJob.refresh(world.reload(job)).content()).isNull();
    world.clock.advance(Duration.ofSeconds(1));
    assertThat(world.advanceJob.refresh(world.reload(job)).content()).isNotNull();
  }

  @Test
  void aDownloadThatStalledPastItsLeaseLosesItsClaimAndItsResultIsNotWrittenOverTheOther() {
    VideoJob job = world.create("a video on a stalling link");
    world.gateway.thenCompleted("https://cdn.example.com/stall.mp4");
    world.advanceJob.refresh(job);
    world.clock.advance(Duration.ofSeconds(6));
    List<String> downloads = new ArrayList<>();
    List<VideoJob> takenOver = new ArrayList<>();
    List<Integer> versionsAfterTheTakeOver = new ArrayList<>();
    AdvanceJob[] other = new AdvanceJob[1];
    MediaDownloader stalling =
        (jobId, url, stillGoing) -> {
          downloads.add(jobId);
          if (downloads.size() == 1) {
            stillGoing.run();
            // No byte for longer than the lease: the claim runs out, another worker takes the job
            // and stores the video; then this link wakes up again and sends the rest.
            world.clock.advance(world.policy.lease().plusSeconds(1));
            takenOver.add(other[0].refresh(world.reload(job)));
            long before = world.reload(job).version();
            for (int i = 0; i < 10; i++) {
              world.clock.advance(world.policy.lease());
              stillGoing.run();
              versionsAfterTheTakeOver.add((int) (world.reload(job).version() - before));
            }
          }
          return world.downloader.download(jobId, url, stillGoing);
        };
    AdvanceJob first = advanceJobWith(stalling, 1);
    other[0] = advanceJobWith(stalling, 2);

    VideoJob end = first.refresh(world.reload(job));

    assertThat(downloads).hasSize(2);
    assertThat(takenOver).singleElement().satisfies(j -> assertThat(j.content()).isNotNull());
    // The stalled worker renewed nothing once the job had moved on, and wrote nothing over it.
    assertThat(versionsAfterTheTakeOver).containsOnly(0);
    assertThat(end.content()).isEqualTo(takenOver.get(0).content());
    assertThat(world.reload(job).version()).isEqualTo(takenOver.get(0).version());
  }

  /** Another worker on the same world, downloading through {@code downloader}. */
  private AdvanceJob advanceJobWith(MediaDownloader downloader, long seed) {
    SubmitJob submit =
        new SubmitJob(
            world.jobs,
            world.gateway,
            CallbackAddress.none(),
            world.clock,
            world.policy,
            new Random(seed));
    return new AdvanceJob(
        world.jobs, submit, world.gateway, downloader, world.clock, world.policy, new Random(seed));
  }
}
