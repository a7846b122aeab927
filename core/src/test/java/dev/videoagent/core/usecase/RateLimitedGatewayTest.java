package dev.videoagent.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitedGatewayTest {
  private final AtomicInteger calls = new AtomicInteger();
  private final VideoGateway counting =
      new VideoGateway() {
        @Override
        public SubmitResult submit(GatewaySubmission submission) {
          calls.incrementAndGet();
          throw new AssertionError("no call may be made without a token");
        }

        @Override
        public StatusResult readStatus(String gatewayRequestId) {
          calls.incrementAndGet();
          throw new AssertionError("no call may be made without a token");
        }
      };

  @Test
  void sharedTokensThatCannotBeReadMakeNoCallAndASubmitNotTakenNeverAmbiguous() {
    CallRate unreachable =
        CallRate.shared(
            () -> {
              throw new IllegalStateException("the database is down");
            });
    RateLimitedGateway gateway =
        new RateLimitedGateway(counting, unreachable, java.time.Duration.ofSeconds(1));

    SubmitResult submit = gateway.submit(new GatewaySubmission(VideoRequest.of("a prompt"), null));
    StatusResult read = gateway.readStatus("req-1");

    assertThat(submit)
        .isInstanceOfSatisfying(
            SubmitResult.NotTaken.class,
            notTaken -> assertThat(notTaken.detail()).isEqualTo(RateLimitedGateway.NO_TOKEN));
    assertThat(read).isInstanceOf(StatusResult.Unreadable.class);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aCallThatWouldWaitLongerThanItsPatienceIsNotMadeAndSaysWhy() {
    // Never refills: every call after the first would wait for ever.
    CallRate rate = new CallRate(1, () -> 0L, duration -> {});
    RateLimitedGateway gateway =
        new RateLimitedGateway(counting, rate, java.time.Duration.ofSeconds(5));
    assertThat(rate.tryAcquire()).isZero();

    SubmitResult submit = gateway.submit(new GatewaySubmission(VideoRequest.of("a prompt"), null));

    assertThat(submit)
        .isInstanceOfSatisfying(
            SubmitResult.NotTaken.class,
            notTaken -> assertThat(notTaken.detail()).isEqualTo(RateLimitedGateway.NO_TURN));
    assertThat(calls).hasValue(0);
  }
}
