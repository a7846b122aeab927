package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.testing.TrackingSimulation;
import dev.videoagent.core.testing.TrackingSimulation.DurationMix;
import dev.videoagent.core.testing.TrackingSimulation.Result;
import org.junit.jupiter.api.Test;

/**
 * The real tracking use cases over thousands of virtual jobs from the standard mix (seed fixed):
 * counts and virtual-clock delays, never wall-clock time.
 */
class TrackingSimulationTest {
  private static final long SEED = 20261202L;
  private static final int JOBS = 2000;
  private static final int WARM_UP = 100;

  @Test
  void historyAwarePollingReadsLessAndFindsJobsDoneSoonerThanTodaysSchedule() {
    Result today =
        new TrackingSimulation(
                JobPolicy.defaults().withHistory(HistorySchedule.never()),
                DurationMix.standard(),
                false)
            .run(JOBS, WARM_UP, SEED);
    Result history =
        new TrackingSimulation(JobPolicy.defaults(), DurationMix.standard(), false)
            .run(JOBS, WARM_UP, SEED);
    System.out.println("today: " + today + "\nhistory: " + history);

    assertThat(today.readsPerJob()).isGreaterThan(9.0);
    assertThat(today.meanDelaySeconds()).isGreaterThan(25.0);
    assertThat(history.readsPerJob()).isLessThanOrEqualTo(9.0);
    assertThat(history.meanDelaySeconds()).isLessThanOrEqualTo(15.0);
    assertThat(history.p95DelayShare()).isLessThanOrEqualTo(0.15);
    assertThat(history.jobsWithEstimate()).isEqualTo(1.0);
    assertThat(today.jobsWithEstimate()).isZero();
  }

  @Test
  void withTheGatewaysWebhookAJobCostsLittleMoreThanTheCallbacksOwnRead() {
    Result result =
        new TrackingSimulation(JobPolicy.defaults(), DurationMix.standard(), true)
            .run(JOBS, WARM_UP, SEED);
    System.out.println("webhook: " + result);

    assertThat(result.readsPerJob()).isLessThanOrEqualTo(1.1);
    // The callback's read happens at once: no delay on the virtual clock.
    assertThat(result.meanDelaySeconds()).isLessThanOrEqualTo(1.0);
  }
}
