package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.ExpediteJob.ExpediteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's webhook makes a job due at once, also when it beats the submission's answer. */
class ExpediteJobTest {
  private final World world = new World();

  /** A job whose submission is under way: marked, the gateway's answer not stored yet. */
  private VideoJob submitting() {
    VideoJob job = world.create("short");
    Instant now = world.clock.instant();
    return world
        .jobs
        .update(job.submissionStarted(now, now.plus(world.policy.lease())))
        .orElseThrow();
  }

  @Test
  void aCallbackThatArrivesBeforeTheAcceptedAnswerIsStoredWaitsForItAndExpedites() {
    VideoJob marked = submitting();
    List<Duration> naps = new ArrayList<>();
    ExpediteJob expedite =
        new ExpediteJob(
            world.jobs,
            world.clock,
            nap -> {
              naps.add(nap);
              if (naps.size() == 3) {
                // The submitting worker's write lands while the callback waits.
                Instant now = world.clock.instant();
                world
                    .jobs
                    .update(
                        marked.acceptedByGateway(
                            "req-1", true, now, now.plus(Duration.ofMinutes(2))))
                    .orElseThrow();
              }
            });

    assertThat(expedite.expedite(marked.id(), marked.callbackToken()))
        .isEqualTo(ExpediteResult.EXPEDITED);

    VideoJob due = world.reload(marked);
    assertThat(due.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(due.isDue(world.clock.instant())).isTrue();
    assertThat(naps).hasSize(3);
  }

  @Test
  void aCallbackForASubmissionThatNeverAnswersGivesUpAndLeavesTheMarkAlone() {
    VideoJob marked = submitting();
    List<Duration> naps = new ArrayList<>();
    ExpediteJob expedite = new ExpediteJob(world.jobs, world.clock, naps::add);

    assertThat(expedite.expedite(marked.id(), marked.callbackToken()))
        .isEqualTo(ExpediteResult.NOTHING_TO_DO);

    assertThat(world.reload(marked)).isEqualTo(marked);
    assertThat(naps.stream().reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(ExpediteJob.ANSWER_WAIT);
  }

  @Test
  void aWrongTokenIsRefusedWithoutWaiting() {
    VideoJob marked = submitting();
    List<Duration> naps = new ArrayList<>();
    ExpediteJob expedite = new ExpediteJob(world.jobs, world.clock, naps::add);

    assertThat(expedite.expedite(marked.id(), "wrong")).isEqualTo(ExpediteResult.REFUSED);
    assertThat(naps).isEmpty();
  }
}
