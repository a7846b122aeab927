package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.CanceledBy;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.usecase.ExpediteJob.ExpediteResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Ambiguous submissions settled by the gateway's callback, the account's credit, and the gateway's
 * own cancel: none fails a job that was not at fault, none sends a job twice.
 */
class MoneySafetyTest {
  private static final CallbackAddress HOOKED =
      job -> Optional.of(URI.create("https://us.example.com/cb/" + job.id()));

  private final World world = new World(JobPolicy.defaults(), HOOKED);
  private final ExpediteJob expedite = new ExpediteJob(world.jobs, world.clock, d -> {});

  @Test
  void anAmbiguousSubmissionWithAWebhookWaitsForTheCallbackInsteadOfFailing() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));

    VideoJob held = world.advanceJob.refresh(job);

    assertThat(held.status()).isEqualTo(JobStatus.PENDING);
    assertThat(held.error()).isNull();
    assertThat(held.awaitsCallback()).isTrue();
    assertThat(held.holdsSlot()).isFalse();
    assertThat(held.callbackWindow().until())
        .isEqualTo(held.submitStartedAt().plus(JobPolicy.CALLBACK_WINDOW));
    assertThat(held.nextCheckAt()).isEqualTo(held.callbackWindow().until());
    // Nothing is sent again while it waits, however often the tracker looks.
    for (int i = 0; i < 25; i++) {
      world.clock.advance(Duration.ofMinutes(1));
      world.advanceDueJobs.runOnce(10);
    }
    assertThat(world.gateway.submissions()).hasSize(1);
    assertThat(world.reload(job).awaitsCallback()).isTrue();
  }

  @Test
  void aCallbackNamingTheRequestSettlesTheJobFromTheGatewaysAnswerWithoutASecondSubmission() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));
    VideoJob held = world.advanceJob.refresh(job);

    assertThat(expedite.expedite(job.id(), held.callbackToken(), "req-real"))
        .isEqualTo(ExpediteResult.EXPEDITED);
    world.gateway.thenCompleted("https://cdn.example.com/real.mp4");
    world.advanceDueJobs.runOnce(10);

    VideoJob done = world.reload(job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.gatewayRequestId()).isEqualTo("req-real");
    assertThat(done.settledByCallback()).isTrue();
    assertThat(done.content()).isNotNull();
    assertThat(world.gateway.statusReads()).containsExactly("req-real");
    assertThat(world.gateway.submissions()).hasSize(1);
  }

  @Test
  void aSettledJobStillRunningIsQueuedWithTheNamedRequestAndReadOnTheSafetyNet() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 504"));
    VideoJob held = world.advanceJob.refresh(job);
    expedite.expedite(job.id(), held.callbackToken(), "req-7");
    world.gateway.thenStatus(new StatusResult.Running(JobStatus.PROCESSING));

    world.advanceDueJobs.runOnce(10);

    VideoJob running = world.reload(job);
    assertThat(running.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(running.gatewayRequestId()).isEqualTo("req-7");
    assertThat(running.settledByCallback()).isTrue();
    assertThat(running.callbackRegistered()).isTrue();
    assertThat(running.submitStartedAt()).isNull();
    assertThat(running.callbackWindow()).isNull();
  }

  @Test
  void aCallbackWhoseRequestTheGatewayCannotAnswerForIsNotBelievedAndReadAgainLater() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));
    VideoJob held = world.advanceJob.refresh(job);
    expedite.expedite(job.id(), held.callbackToken(), "req-forged");
    world.gateway.thenStatus(
        new StatusResult.Unreadable(GatewayTrouble.GARBLED, "unknown request", null));

    world.advanceDueJobs.runOnce(10);

    VideoJob still = world.reload(job);
    assertThat(still.status()).isEqualTo(JobStatus.PENDING);
    assertThat(still.gatewayRequestId()).isNull();
    assertThat(still.awaitsCallback()).isTrue();
    assertThat(still.nextCheckAt()).isAfter(world.clock.instant());
    assertThat(still.nextCheckAt()).isBeforeOrEqualTo(still.callbackWindow().until());
    assertThat(world.gateway.submissions()).hasSize(1);
  }

  @Test
  void withoutACallbackTheWindowClosesAsSubmissionUnknown() {
    VideoJob job = world.create("demo");
    world.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));
    world.advanceJob.refresh(job);

    world.clock.advance(JobPolicy.CALLBACK_WINDOW);
    world.advanceDueJobs.runOnce(10);

    VideoJob end = world.reload(job);
    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
    assertThat(end.error().message()).contains("no gateway callback named its request");
    assertThat(world.gateway.submissions()).hasSize(1);
  }

  @Test
  void aWindowThatClosesWhileTheNamedRequestCannotBeReadSaysWhichRequestWasNamed() {
    World short_ = new World(JobPolicy.defaults().withDeadline(Duration.ofMinutes(3)), HOOKED);
    ExpediteJob callbacks = new ExpediteJob(short_.jobs, short_.clock, d -> {});
    VideoJob job = short_.create("demo");
    short_.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));
    VideoJob held = short_.advanceJob.refresh(job);
    callbacks.expedite(job.id(), held.callbackToken(), "req-unanswered");

    for (int i = 0; i < 40; i++) {
      short_.gateway.thenStatus(
          new StatusResult.Unreadable(GatewayTrouble.UNREACHABLE, "connection refused", null));
      short_.advanceDueJobs.runOnce(10);
      short_.clock.advance(Duration.ofSeconds(10));
    }

    VideoJob end = short_.reload(job);
    assertThat(end.error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
    assertThat(end.error().message())
        .contains("a gateway callback named request req-unanswered")
        .contains("did not answer a status read for it");
    assertThat(short_.gateway.statusReads()).isNotEmpty().containsOnly("req-unanswered");
    assertThat(short_.gateway.submissions()).hasSize(1);
  }

  @Test
  void theWindowEndsAtTheJobsDeadline() {
    World short_ = new World(JobPolicy.defaults().withDeadline(Duration.ofMinutes(5)), HOOKED);
    VideoJob job = short_.create("demo");
    short_.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));

    VideoJob held = short_.advanceJob.refresh(job);

    assertThat(held.callbackWindow().until()).isEqualTo(job.deadline());
    short_.clock.advance(Duration.ofMinutes(5));
    short_.advanceDueJobs.runOnce(10);
    assertThat(short_.reload(job).error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
  }

  @Test
  void withoutAWebhookAnAmbiguousSubmissionFailsAtOnceAsBefore() {
    World plain = new World();
    VideoJob job = plain.create("demo");
    plain.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));

    VideoJob after = plain.advanceJob.refresh(job);

    assertThat(after.status()).isEqualTo(JobStatus.FAILED);
    assertThat(after.error().code()).isEqualTo(ErrorCode.SUBMISSION_UNKNOWN);
  }

  @Test
  void aSenderThatDiedMidCallLeavesAJobThatACallbackStillSettles() {
    VideoJob job = world.create("demo");
    Instant now = world.clock.instant();
    // What a killed process leaves: the mark, no answer.
    VideoJob marked =
        world.jobs.update(job.submissionStarted(now, now.plus(world.policy.lease()))).orElseThrow();

    world.clock.advance(world.policy.lease());
    world.advanceDueJobs.runOnce(10);
    VideoJob held = world.reload(job);
    assertThat(held.awaitsCallback()).isTrue();
    assertThat(held.callbackWindow().until())
        .isEqualTo(marked.submitStartedAt().plus(JobPolicy.CALLBACK_WINDOW));

    assertThat(expedite.expedite(job.id(), held.callbackToken(), "req-9"))
        .isEqualTo(ExpediteResult.EXPEDITED);
    world.gateway.thenCompleted("https://cdn.example.com/9.mp4");
    world.advanceDueJobs.runOnce(10);

    VideoJob done = world.reload(job);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.settledByCallback()).isTrue();
    assertThat(world.gateway.submissions()).isEmpty();
  }

  @Test
  void aCallbackThatArrivesBeforeTheDeadSendersMarkRunsOutOpensTheWindowItself() {
    VideoJob job = world.create("demo");
    Instant now = world.clock.instant();
    world.jobs.update(job.submissionStarted(now, now.plus(world.policy.lease()))).orElseThrow();

    assertThat(expedite.expedite(job.id(), job.callbackToken(), "req-early"))
        .isEqualTo(ExpediteResult.EXPEDITED);
    world.gateway.thenStatus(new StatusResult.Running(JobStatus.QUEUED));
    world.advanceDueJobs.runOnce(10);

    VideoJob queued = world.reload(job);
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.gatewayRequestId()).isEqualTo("req-early");
    assertThat(world.gateway.submissions()).isEmpty();
  }

  @Test
  void aCallbackForAJobWithItsOwnRequestChangesNothingButTheNextRead() {
    VideoJob job = world.create("demo");
    VideoJob queued = world.advanceJob.refresh(job);
    String own = queued.gatewayRequestId();

    assertThat(expedite.expedite(job.id(), queued.callbackToken(), "req-someone-else"))
        .isEqualTo(ExpediteResult.EXPEDITED);
    world.gateway.thenCompleted("https://cdn.example.com/own.mp4");
    world.advanceDueJobs.runOnce(10);

    VideoJob done = world.reload(job);
    assertThat(done.gatewayRequestId()).isEqualTo(own);
    assertThat(done.settledByCallback()).isFalse();
    assertThat(world.gateway.statusReads()).containsExactly(own);
  }

  @Test
  void heldJobsTakeNoSlotSoTheQueueBehindThemMovesPastTheCap() {
    World capped = new World(JobPolicy.defaults().withMaxInFlight(3), HOOKED);
    for (int i = 0; i < 3; i++) {
      capped.gateway.thenSubmit(new SubmitResult.Ambiguous("HTTP 500"));
    }
    for (int i = 0; i < 8; i++) {
      capped.create("job " + i);
    }

    capped.advanceDueJobs.runOnce(10);
    capped.advanceDueJobs.runOnce(10);

    assertThat(capped.gateway.submissions()).hasSize(6);
    assertThat(capped.jobs.countInFlight()).isEqualTo(3);
  }

  @Test
  void theGatewaysCancelEndsTheJobCanceledByTheGateway() {
    VideoJob job = world.create("demo");
    world.advanceJob.refresh(job);
    world.gateway.thenStatus(new StatusResult.Canceled("CANCELLED"));
    world.clock.advance(Duration.ofHours(1));

    world.advanceDueJobs.runOnce(10);

    VideoJob end = world.reload(job);
    assertThat(end.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(end.canceledBy()).isEqualTo(CanceledBy.GATEWAY);
    assertThat(end.error()).isNull();
  }

  @Test
  void aUsersCancelIsCanceledByTheUser() {
    VideoJob job = world.create("demo");
    new CancelJob(world.jobs, world.clock).cancel(Access.operator(), job.id());
    assertThat(world.reload(job).canceledBy()).isEqualTo(CanceledBy.USER);
  }

  @Test
  void outOfCreditHoldsEverySubmissionBackAndResumesWhenAProbeIsTaken() {
    World plain = new World();
    for (int i = 0; i < 12; i++) {
      plain.create("job " + i);
    }
    plain.gateway.thenSubmit(outOfCredit());

    plain.advanceDueJobs.runOnce(100);

    assertThat(plain.gateway.submissions()).hasSize(1);
    CreditHold hold = plain.advanceJob.creditHold();
    assertThat(hold.state()).isPresent();
    assertThat(hold.state().get().interval()).isEqualTo(CreditHold.FIRST_INTERVAL);
    assertThat(plain.jobs.countByStatus().get(JobStatus.PENDING)).isEqualTo(12);
    assertThat(plain.jobs.countInFlight()).isZero();
    VideoJob first =
        plain.jobs.findSubmissionQueue(plain.clock.instant().plusSeconds(60), 1).get(0);
    assertThat(first.consecutiveFailures()).isZero();

    // Held: nothing goes out before the interval; then one probe, which fails again and doubles it.
    plain.clock.advance(Duration.ofSeconds(29));
    plain.advanceDueJobs.runOnce(100);
    assertThat(plain.gateway.submissions()).hasSize(1);
    plain.clock.advance(Duration.ofSeconds(1));
    plain.gateway.thenSubmit(outOfCredit());
    plain.advanceDueJobs.runOnce(100);
    assertThat(plain.gateway.submissions()).hasSize(2);
    assertThat(hold.state().get().interval()).isEqualTo(Duration.ofSeconds(60));

    // Credit is back: the next probe is taken and the rest follow, each once.
    plain.clock.advance(Duration.ofSeconds(60));
    plain.advanceDueJobs.runOnce(100);
    assertThat(hold.state()).isEmpty();
    plain.advanceDueJobs.runOnce(100);
    assertThat(plain.gateway.submissions()).hasSize(2 + 10);
    assertThat(plain.jobs.countByStatus().get(JobStatus.FAILED)).isZero();
  }

  @Test
  void theHoldsIntervalDoublesUpToTenMinutes() {
    CreditHold hold = new CreditHold(world.clock);
    hold.outOfCredit("Out of credits", false);
    for (int i = 0; i < 10; i++) {
      world.clock.advance(hold.state().get().interval());
      assertThat(hold.grant()).isEqualTo(CreditHold.Grant.PROBE);
      hold.outOfCredit("Out of credits", true);
    }
    assertThat(hold.state().get().interval()).isEqualTo(CreditHold.LONGEST_INTERVAL);
    assertThat(hold.grant()).isEqualTo(CreditHold.Grant.HOLD);
    world.clock.advance(CreditHold.LONGEST_INTERVAL);
    assertThat(hold.grant()).isEqualTo(CreditHold.Grant.PROBE);
    assertThat(hold.grant()).isEqualTo(CreditHold.Grant.HOLD);
    hold.credited();
    assertThat(hold.grant()).isEqualTo(CreditHold.Grant.SEND);
  }

  @Test
  void refusalsOfSubmissionsSentBeforeTheHoldDoNotLengthenIt() {
    CreditHold hold = new CreditHold(world.clock);
    for (int i = 0; i < 10; i++) {
      hold.outOfCredit("Out of credits", false);
    }
    assertThat(hold.state().get().interval()).isEqualTo(CreditHold.FIRST_INTERVAL);
    world.clock.advance(CreditHold.FIRST_INTERVAL);
    assertThat(hold.grant()).isEqualTo(CreditHold.Grant.PROBE);
    hold.outOfCredit("Out of credits", false);
    assertThat(hold.grant()).as("the probe is still out").isEqualTo(CreditHold.Grant.HOLD);
    hold.outOfCredit("Out of credits", true);
    assertThat(hold.state().get().interval()).isEqualTo(CreditHold.FIRST_INTERVAL.multipliedBy(2));
  }

  @Test
  void aJobHeldBackByTheCreditStillEndsAtItsDeadline() {
    World short_ = new World(JobPolicy.defaults().withDeadline(Duration.ofMinutes(2)), HOOKED);
    VideoJob job = short_.create("demo");
    short_.gateway.thenSubmit(outOfCredit());
    short_.advanceJob.refresh(job);
    for (int i = 0; i < 10; i++) {
      short_.clock.advance(Duration.ofSeconds(30));
      short_.gateway.thenSubmit(outOfCredit());
      short_.advanceDueJobs.runOnce(10);
    }
    VideoJob end = short_.reload(job);
    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.error().code()).isEqualTo(ErrorCode.TIMED_OUT);
  }

  @Test
  void theTrackersVerdictSaysTheAccountIsOutOfCredit() {
    CreditHold hold = new CreditHold(world.clock);
    hold.outOfCredit("Out of credits", false);
    TrackerStatus status =
        TrackerStatus.assess(
            world.clock.instant(),
            true,
            0,
            new dev.videoagent.core.port.WorkBacklog(5, 0, null, world.clock.instant()),
            10,
            world.clock.instant().minusSeconds(600),
            null,
            null,
            null,
            hold.state().orElse(null));
    assertThat(status.health()).isEqualTo(TrackerStatus.Health.OUT_OF_CREDIT);
    assertThat(status.reason()).contains("out of credit").contains("Out of credits");
  }

  private static SubmitResult outOfCredit() {
    return new SubmitResult.NotTaken(GatewayTrouble.OUT_OF_CREDIT, "Out of credits", null);
  }
}
