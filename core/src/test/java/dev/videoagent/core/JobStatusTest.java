package dev.videoagent.core;

import static dev.videoagent.core.JobStatus.CANCELED;
import static dev.videoagent.core.JobStatus.COMPLETED;
import static dev.videoagent.core.JobStatus.FAILED;
import static dev.videoagent.core.JobStatus.PENDING;
import static dev.videoagent.core.JobStatus.PROCESSING;
import static dev.videoagent.core.JobStatus.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

  /** The contract's machine, written out independently of the enum's own table. */
  private static Set<JobStatus> expectedNext(JobStatus from) {
    return switch (from) {
      case PENDING -> EnumSet.of(QUEUED, PROCESSING, COMPLETED, FAILED, CANCELED);
      case QUEUED -> EnumSet.of(PROCESSING, COMPLETED, FAILED, CANCELED);
      case PROCESSING -> EnumSet.of(COMPLETED, FAILED, CANCELED);
      case COMPLETED, FAILED, CANCELED -> EnumSet.noneOf(JobStatus.class);
    };
  }

  @ParameterizedTest
  @EnumSource(JobStatus.class)
  void everyPairOfStatusesIsAllowedOrRejectedAsTheContractSays(JobStatus from) {
    for (JobStatus to : JobStatus.values()) {
      assertThat(from.canMoveTo(to))
          .as("%s -> %s", from, to)
          .isEqualTo(expectedNext(from).contains(to));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"COMPLETED", "FAILED", "CANCELED"})
  void terminalStatusesGoNowhere(JobStatus terminal) {
    assertThat(terminal.isTerminal()).isTrue();
    assertThat(terminal.allowedNext()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(JobStatus.class)
  void wireNamesRoundTrip(JobStatus status) {
    assertThat(status.wireName()).isEqualTo(status.name().toLowerCase());
    assertThat(JobStatus.fromWire(status.wireName())).contains(status);
  }

  @org.junit.jupiter.api.Test
  void unknownWireNamesAreEmpty() {
    assertThat(JobStatus.fromWire("COMPLETED")).isEmpty();
    assertThat(JobStatus.fromWire("done")).isEmpty();
    assertThat(JobStatus.fromWire(null)).isEmpty();
  }
}
