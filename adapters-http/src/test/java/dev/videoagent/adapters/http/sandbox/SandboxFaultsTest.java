package dev.videoagent.adapters.http.sandbox;

import static dev.videoagent.adapters.http.sandbox.SandboxGatewayTest.awaitFinal;
import static dev.videoagent.adapters.http.sandbox.SandboxGatewayTest.gatewayFor;
import static dev.videoagent.adapters.http.sandbox.SandboxGatewayTest.submitAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.adapters.http.FeignVideoGateway;
import dev.videoagent.adapters.http.HttpMediaDownloader;
import dev.videoagent.adapters.http.sandbox.SandboxStats.SubmitOutcome;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.DownloadResult;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.testing.InMemoryVideoStore;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxFaultsTest {
  private SandboxGateway sandbox;
  private FeignVideoGateway gateway;
  private HttpMediaDownloader downloader;

  @BeforeEach
  void start() throws IOException {
    sandbox =
        SandboxGateway.start(SandboxConfig.defaults().withCompletionDelay(Duration.ofMillis(300)));
    gateway = gatewayFor(sandbox, sandbox.apiKey());
    downloader = new HttpMediaDownloader(new InMemoryVideoStore());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private SubmitResult submit(String prompt) {
    return gateway.submit(new GatewaySubmission(VideoRequest.of(prompt), null));
  }

  @Test
  void rateLimitedSubmitsAreRefusedWithRetryAfterAndNotBilled() {
    sandbox.setFaults(SandboxFaults.none().withRateLimit(1.0, 7));

    SubmitResult result = submit("hello");

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    SubmitResult.NotTaken notTaken = (SubmitResult.NotTaken) result;
    assertThat(notTaken.trouble()).isEqualTo(GatewayTrouble.RATE_LIMITED);
    assertThat(notTaken.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(notTaken.detail()).contains("Rate limit is exceeded. Try again in 7 seconds.");
    assertThat(sandbox.stats().submitCalls(SubmitOutcome.RATE_LIMITED)).isEqualTo(1);
    assertThat(sandbox.stats().acceptedSubmissions()).isZero();
  }

  @Test
  void unavailableSubmitsAreRefusedAndNotBilled() {
    sandbox.setFaults(SandboxFaults.none().withUnavailableRate(1.0));

    SubmitResult result = submit("hello");

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    assertThat(((SubmitResult.NotTaken) result).trouble()).isEqualTo(GatewayTrouble.UNAVAILABLE);
    assertThat(sandbox.stats().submitCalls(SubmitOutcome.UNAVAILABLE)).isEqualTo(1);
    assertThat(sandbox.stats().acceptedSubmissions()).isZero();
  }

  @Test
  void anAmbiguous500IsTakenAndBilled() {
    sandbox.setFaults(SandboxFaults.none().withAmbiguousRate(1.0));

    SubmitResult result = submit("a billed but unanswered video");

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    assertThat(sandbox.stats().acceptedSubmissions()).isEqualTo(1);
    assertThat(sandbox.stats().acceptedSubmissionsFor("a billed but unanswered video"))
        .isEqualTo(1);
    assertThat(sandbox.stats().submitCalls(SubmitOutcome.ACCEPTED_BUT_ANSWERED_500)).isEqualTo(1);
    assertThat(sandbox.stats().submitCalls(SubmitOutcome.ACCEPTED)).isZero();
  }

  @Test
  void failingStatusReadsAreHtmlPagesOrBrokenJson() {
    String id = submitAccepted(gateway, "hello");
    sandbox.setFaults(SandboxFaults.none().withStatusFailureRate(1.0));

    List<String> details = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      StatusResult read = gateway.readStatus(id);
      assertThat(read).isInstanceOf(StatusResult.Unreadable.class);
      assertThat(((StatusResult.Unreadable) read).trouble()).isEqualTo(GatewayTrouble.GARBLED);
      details.add(((StatusResult.Unreadable) read).detail());
    }

    assertThat(details).anySatisfy(d -> assertThat(d).contains("HTTP 500"));
    assertThat(details).anySatisfy(d -> assertThat(d).contains("could not be read"));
    assertThat(sandbox.stats().statusReadsFor(id)).isEqualTo(12);
    sandbox.setFaults(SandboxFaults.none());
    assertThat(gateway.readStatus(id)).isNotInstanceOf(StatusResult.Unreadable.class);
  }

  @Test
  void aDownSandboxAnswersEverything503UntilItIsUpAgain() {
    String id = submitAccepted(gateway, "hello");
    URI media = ((StatusResult.Completed) awaitFinal(gateway, id)).mediaUrl();
    sandbox.setFaults(SandboxFaults.none().withDown(true));

    SubmitResult submitted = submit("while down");
    StatusResult read = gateway.readStatus(id);
    DownloadResult downloaded = downloader.download("job-1", media);

    assertThat(submitted).isInstanceOf(SubmitResult.NotTaken.class);
    assertThat(((SubmitResult.NotTaken) submitted).trouble()).isEqualTo(GatewayTrouble.UNAVAILABLE);
    assertThat(((StatusResult.Unreadable) read).trouble()).isEqualTo(GatewayTrouble.UNAVAILABLE);
    assertThat(downloaded).isInstanceOf(DownloadResult.Failed.class);
    assertThat(((DownloadResult.Failed) downloaded).permanent()).isFalse();
    assertThat(sandbox.stats().submitCalls(SubmitOutcome.DOWN)).isEqualTo(1);
    assertThat(sandbox.stats().acceptedSubmissionsFor("while down")).isZero();

    sandbox.setFaults(SandboxFaults.none());
    assertThat(gateway.readStatus(id)).isInstanceOf(StatusResult.Completed.class);
    assertThat(downloader.download("job-1", media)).isInstanceOf(DownloadResult.Stored.class);
  }

  @Test
  void aSlowSubmitIsTakenBeforeTheClientGivesUp() {
    sandbox.setFaults(SandboxFaults.none().withSlowAnswers(1.0, Duration.ofMillis(1_500)));

    SubmitResult result = submit("slow but billed");

    assertThat(result).isInstanceOf(SubmitResult.Ambiguous.class);
    assertThat(sandbox.stats().acceptedSubmissionsFor("slow but billed")).isEqualTo(1);
  }

  @Test
  void aSlowStatusReadIsUnreadable() {
    String id = submitAccepted(gateway, "hello");
    sandbox.setFaults(SandboxFaults.none().withSlowAnswers(1.0, Duration.ofMillis(1_500)));

    StatusResult read = gateway.readStatus(id);

    assertThat(read).isInstanceOf(StatusResult.Unreadable.class);
    assertThat(((StatusResult.Unreadable) read).trouble()).isEqualTo(GatewayTrouble.GARBLED);
  }

  @Test
  void mediaCanExpireForTheFirstFetches() {
    sandbox.setFaults(SandboxFaults.none().withMediaExpiredFirstFetches(2));
    String id = submitAccepted(gateway, "hello");
    URI media = ((StatusResult.Completed) awaitFinal(gateway, id)).mediaUrl();

    assertThat(downloader.download("job-1", media)).isEqualTo(new DownloadResult.Expired(404));
    assertThat(downloader.download("job-1", media)).isEqualTo(new DownloadResult.Expired(404));
    assertThat(downloader.download("job-1", media)).isInstanceOf(DownloadResult.Stored.class);
    assertThat(sandbox.stats().mediaRefusals()).isEqualTo(2);
    assertThat(sandbox.stats().mediaDownloads()).isEqualTo(1);
  }

  @Test
  void mediaLinksCanExpireWithAgeAndAFreshReadGivesANewOne() throws InterruptedException {
    sandbox.setFaults(SandboxFaults.none().withMediaLinkMaxAge(Duration.ofMillis(300)));
    String id = submitAccepted(gateway, "hello");
    URI first = ((StatusResult.Completed) awaitFinal(gateway, id)).mediaUrl();

    Thread.sleep(450);
    DownloadResult stale = downloader.download("job-1", first);
    URI fresh = ((StatusResult.Completed) gateway.readStatus(id)).mediaUrl();
    DownloadResult renewed = downloader.download("job-1", fresh);

    assertThat(first.getQuery()).startsWith("issued=");
    assertThat(stale).isEqualTo(new DownloadResult.Expired(403));
    assertThat(fresh).isNotEqualTo(first);
    assertThat(renewed).isInstanceOf(DownloadResult.Stored.class);
  }

  @Test
  void theSameSeedReplaysTheSameFaults() throws IOException {
    SandboxFaults mixed =
        SandboxFaults.none()
            .withRateLimit(0.3, 1)
            .withUnavailableRate(0.3)
            .withAmbiguousRate(0.2)
            .withSeed(99);

    List<String> first = outcomes(mixed);
    List<String> second = outcomes(mixed);

    assertThat(second).isEqualTo(first);
    assertThat(first).contains("Accepted", "NotTaken", "Ambiguous");
  }

  private static List<String> outcomes(SandboxFaults faults) throws IOException {
    try (SandboxGateway fresh = SandboxGateway.start(SandboxConfig.defaults().withFaults(faults))) {
      FeignVideoGateway client = gatewayFor(fresh, fresh.apiKey());
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        outcomes.add(
            client
                .submit(new GatewaySubmission(VideoRequest.of("prompt " + i), null))
                .getClass()
                .getSimpleName());
      }
      return outcomes;
    }
  }

  @Test
  void refusesImpossibleFaults() {
    assertThatThrownBy(() -> SandboxFaults.none().withUnavailableRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unavailableRate");
    assertThatThrownBy(() -> SandboxFaults.none().withRateLimit(0.6, 1).withAmbiguousRate(0.6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not exceed 1");
    assertThatThrownBy(() -> SandboxFaults.none().withMediaLinkMaxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outOfCreditRefusesEverySubmitWith402AndTakesNothing() {
    sandbox.setFaults(SandboxFaults.none().withOutOfCredit(true));

    SubmitResult result = submit("no credit");

    assertThat(result).isInstanceOf(SubmitResult.NotTaken.class);
    assertThat(((SubmitResult.NotTaken) result).trouble())
        .isEqualTo(dev.videoagent.core.port.GatewayTrouble.OUT_OF_CREDIT);
    assertThat(sandbox.stats().submitCalls(SandboxStats.SubmitOutcome.OUT_OF_CREDIT)).isEqualTo(1);
    assertThat(sandbox.stats().acceptedSubmissions()).isZero();

    sandbox.setFaults(SandboxFaults.none());
    assertThat(submit("credit again")).isInstanceOf(SubmitResult.Accepted.class);
  }
}
