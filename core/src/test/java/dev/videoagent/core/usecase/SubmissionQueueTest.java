package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.usecase.WaitForJob.WaitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rules of one tracking round, past the batch size and the in-flight cap: work that needs no
 * slot always moves, submissions go out in creation order as far as slots are free, and only real
 * gateway calls spend the call rate.
 */
class SubmissionQueueTest {
  private static final int BATCH = 100;

  private static World capped(int maxInFlight) {
    return new World(JobPolicy.defaults().withMaxInFlight(maxInFlight), CallbackAddress.none());
  }

  private static List<VideoJob> create(World world, int count, String prefix) {
    List<VideoJob> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      created.add(world.create(prefix + " " + i));
      // Ids are time-ordered by the millisecond: keep creation order visible in them.
      world.clock.advance(Duration.ofMillis(2));
    }
    return created;
  }

  private static List<String> submittedPrompts(World world) {
    return world.gateway.submissions().stream().map(s -> s.request().prompt()).toList();
  }

  private static long count(World world, JobStatus status) {
    return world.jobs.all().stream().filter(j -> j.status() == status).count();
  }

  @Test
  void queuedJobsBehindMorePendingJobsThanTheBatchAreStillReadAndCompleted() {
    World world = capped(10);
    world.gateway.completingEveryRead();
    List<VideoJob> first = create(world, 10, "first");
    world.advanceDueJobs.runOnce(BATCH);
    assertThat(count(world, JobStatus.QUEUED)).isEqualTo(10);

    // 150 more, all due before the first ten's next read: they used to fill the whole batch.
    create(world, 150, "later");
    world.clock.advance(Duration.ofSeconds(6));
    world.advanceDueJobs.runOnce(BATCH);

    assertThat(first)
        .allSatisfy(
            job -> {
              VideoJob now = world.reload(job);
              assertThat(now.status()).isEqualTo(JobStatus.COMPLETED);
              assertThat(now.content()).isNotNull();
            });
    // Their slots went to the next ten in line, in the same round.
    assertThat(count(world, JobStatus.QUEUED)).isEqualTo(10);
    assertThat(submittedPrompts(world)).hasSize(20).endsWith("later 8", "later 9");
  }

  @Test
  void everyJobDrainsThroughTheCapInCreationOrder() {
    World world = capped(10);
    world.gateway.completingEveryRead();
    List<VideoJob> created = create(world, 250, "job");
    List<String> expected = created.stream().map(j -> j.request().prompt()).toList();

    for (int round = 0;
        round < 200 && !world.jobs.all().stream().allMatch(VideoJob::isSettled);
        round++) {
      world.advanceDueJobs.runOnce(BATCH);
      world.clock.advance(Duration.ofSeconds(6));
    }

    assertThat(world.jobs.all()).allMatch(j -> j.status() == JobStatus.COMPLETED);
    assertThat(submittedPrompts(world)).containsExactlyElementsOf(expected);
    // One read each: every job was read when it came due, none was starved.
    assertThat(world.gateway.statusReads()).hasSize(250);
  }

  @Test
  void aJobPutBackByTheGatewayKeepsItsPlaceInLine() {
    World world = capped(2);
    world.gateway.thenSubmit(
        new SubmitResult.NotTaken(GatewayTrouble.RATE_LIMITED, "slow down", Duration.ofSeconds(7)));
    create(world, 4, "job");

    world.advanceDueJobs.runOnce(BATCH);
    assertThat(submittedPrompts(world)).containsExactly("job 0", "job 1");
    world.clock.advance(Duration.ofSeconds(7));
    world.advanceDueJobs.runOnce(BATCH);

    // job 0 is due again and older than job 2: it goes first into the one free slot.
    assertThat(submittedPrompts(world)).containsExactly("job 0", "job 1", "job 0");
  }

  @Test
  void aPendingJobStillTimesOutWhileEverySlotIsTaken() {
    World world = capped(2);
    create(world, 2, "running");
    world.advanceDueJobs.runOnce(BATCH);
    Instant now = world.clock.instant();
    VideoJob waiting =
        world.jobs.insert(
            VideoJob.create(
                "vid_waiting_with_a_short_deadline",
                "acme",
                VideoRequest.of("waiting"),
                null,
                "tok",
                now,
                now.plus(Duration.ofMinutes(3))));

    for (int minute = 0; minute < 4; minute++) {
      world.clock.advance(Duration.ofMinutes(1));
      world.advanceDueJobs.runOnce(BATCH);
    }

    VideoJob end = world.reload(waiting);
    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.error().code()).isEqualTo(ErrorCode.TIMED_OUT);
    // It never left: the user is told it cost nothing, not that it may still finish somewhere.
    assertThat(end.error().message())
        .startsWith("The job was not sent to the gateway before its deadline")
        .contains("Nothing was billed");
    assertThat(count(world, JobStatus.PROCESSING)).isEqualTo(2);
    assertThat(submittedPrompts(world)).containsExactly("running 0", "running 1");
  }

  @Test
  void aRoundAsksForNoMoreSubmissionsThanSlotsAreFree() {
    World world = capped(3);
    create(world, 20, "job");
    world.advanceDueJobs.runOnce(BATCH);
    assertThat(world.gateway.submissions()).hasSize(3);

    // Nothing frees a slot: later rounds submit nothing, and nobody is turned away at the cap.
    world.clock.advance(Duration.ofSeconds(1));
    List<VideoJob> round = world.advanceDueJobs.runOnce(BATCH);
    assertThat(round).isEmpty();
    assertThat(world.gateway.submissions()).hasSize(3);
  }

  @Test
  void onlyRealGatewayCallsSpendTheCallRate() {
    World world = capped(2);
    CallRate rate = new CallRate(1_000, () -> 0L, duration -> {});
    AdvanceJob limited = world.advanceJob.rateLimited(rate);
    List<VideoJob> jobs = create(world, 4, "job");

    limited.refresh(jobs.get(0));
    limited.refresh(jobs.get(1));
    assertThat(rate.granted()).isEqualTo(2);

    // The cap is full: the third is turned away, untouched, and spends nothing.
    VideoJob turnedAway = limited.refresh(world.reload(jobs.get(2)));
    assertThat(turnedAway).isEqualTo(world.reload(jobs.get(2)));
    assertThat(turnedAway.waitsForSlot()).isTrue();
    assertThat(rate.granted()).isEqualTo(2);

    // A crash recovery makes no call either; a status read makes one.
    Instant now = world.clock.instant();
    VideoJob crashed =
        world.jobs.update(world.reload(jobs.get(3)).submissionStarted(now, now)).orElseThrow();
    world.clock.advance(Duration.ofSeconds(6));
    assertThat(limited.refresh(crashed).error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
    assertThat(rate.granted()).isEqualTo(2);
    limited.refresh(world.reload(jobs.get(0)));
    assertThat(rate.granted()).isEqualTo(3);
    assertThat(world.gateway.submissions().size() + world.gateway.statusReads().size())
        .isEqualTo(3);
  }

  @Test
  void aSubmissionInterruptedWhileWaitingForItsTokenIsNotTakenNotAmbiguous() {
    World world = capped(10);
    AtomicLong nanos = new AtomicLong();
    CallRate rate =
        new CallRate(
            1,
            nanos::get,
            duration -> {
              throw new InterruptedException("stopping");
            });
    AdvanceJob limited = world.advanceJob.rateLimited(rate);
    limited.refresh(world.create("spends the only token"));
    VideoJob job = world.create("waits for a token");

    VideoJob after = limited.refresh(job);
    boolean interrupted = Thread.interrupted();

    assertThat(interrupted).as("the interrupt is passed on").isTrue();
    assertThat(after.status()).isEqualTo(JobStatus.PENDING);
    assertThat(after.hasUnansweredAttempt()).isFalse();
    assertThat(after.error()).isNull();
    assertThat(after.nextCheckAt()).isAfter(world.clock.instant());
    assertThat(submittedPrompts(world)).containsExactly("spends the only token");
  }

  @Test
  void aWaitTurnedAwayByTheCapNapsInsteadOfSpinning() throws Exception {
    World world = capped(1);
    VideoJob holder = world.create("holds the only slot");
    world.advanceJob.refresh(holder);
    VideoJob waiting = world.create("waits for the slot");
    List<Duration> naps = new ArrayList<>();
    WaitForJob waitForJob =
        new WaitForJob(
            world.jobs,
            world.advanceJob,
            world.clock,
            duration -> {
              naps.add(duration);
              world.clock.advance(duration);
            });

    WaitResult result =
        waitForJob.await(Access.operator(), waiting.id(), Duration.ofSeconds(20), j -> {});

    assertThat(result).isInstanceOf(WaitResult.TimedOut.class);
    assertThat(world.reload(waiting).waitsForSlot()).isTrue();
    assertThat(naps).hasSize(10).allMatch(nap -> nap.equals(WaitForJob.SLOT_NAP));
  }
}
