package dev.videoagent.api;

import static dev.videoagent.api.TestService.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.assembly.config.Setting;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import dev.videoagent.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * /health tells the truth about tracking: a tracker whose due jobs stop moving is {@code degraded}
 * with a reason, says so in the log once, and is {@code ok} again (logged once more) when they
 * move.
 */
class TrackerHealthTest {

  /** Status reads that hang until released: the one worker is stuck, due jobs pile up. */
  private static final class HangingReads implements VideoGateway {
    private final VideoGateway gateway;
    private final CountDownLatch release;
    private final AtomicInteger reads;

    HangingReads(VideoGateway gateway, CountDownLatch release, AtomicInteger reads) {
      this.gateway = gateway;
      this.release = release;
      this.reads = reads;
    }

    @Override
    public SubmitResult submit(GatewaySubmission submission) {
      return gateway.submit(submission);
    }

    @Override
    public StatusResult readStatus(String gatewayRequestId) {
      reads.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return gateway.readStatus(gatewayRequestId);
    }
  }

  @Test
  void dueJobsThatStopMovingTurnHealthDegradedAndAreLoggedOnce() {
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    Logger logger = (Logger) LoggerFactory.getLogger(TrackerReporting.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (TestService service =
        TestService.builder()
            .env(Setting.VIDEOAGENT_GATEWAY_CONCURRENCY.variable(), "1")
            .tune(
                builder ->
                    builder
                        .clock(clock)
                        .transport(transport -> new HangingReads(transport, release, reads)))
            .start()) {
      String first = service.create(KEY_A, "stuck at its first read").path("id").asText();
      String second = service.create(KEY_A, "due behind it").path("id").asText();
      service.awaitJob(KEY_A, first, j -> j.path("status").asText().equals("queued"));
      service.awaitJob(KEY_A, second, j -> j.path("status").asText().equals("queued"));

      // Both reads come due; the one worker hangs on the first, and minutes pass.
      clock.advance(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 1);
      clock.advance(Duration.ofMinutes(2));

      JsonNode degraded = awaitHealth(service, "degraded");
      assertThat(degraded.path("reason").asText()).contains("have not moved");
      assertThat(degraded.path("tracker").path("state").asText()).isEqualTo("stalled");
      assertThat(degraded.path("tracker").path("in_flight").asLong()).isEqualTo(2);
      assertThat(degraded.path("tracker").path("busy").asInt()).isEqualTo(1);
      assertThat(degraded.path("tracker").path("lag_seconds").asDouble()).isGreaterThan(100);
      await().atMost(Duration.ofSeconds(10)).until(() -> warnings(logs).size() == 1);
      assertThat(service.get("/metrics", null).body()).contains("videoagent_tracker_degraded 1.0");

      release.countDown();
      service.awaitJob(KEY_A, first, TestService::stored);
      service.awaitJob(KEY_A, second, TestService::stored);
      clock.advance(Duration.ofSeconds(10));
      JsonNode ok = awaitHealth(service, "ok");
      assertThat(ok.path("reason").isNull()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> recoveries(logs).size() == 1);

      assertThat(warnings(logs))
          .singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("not keeping up"));
    } finally {
      release.countDown();
      logger.detachAppender(logs);
    }
  }

  private static JsonNode awaitHealth(TestService service, String status) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = TestService.json(service.get("/health", null));
              return last[0].path("status").asText().equals(status);
            });
    return last[0];
  }

  private static List<ILoggingEvent> warnings(ListAppender<ILoggingEvent> logs) {
    synchronized (logs.list) {
      return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }
  }

  private static List<ILoggingEvent> recoveries(ListAppender<ILoggingEvent> logs) {
    synchronized (logs.list) {
      return logs.list.stream()
          .filter(e -> e.getLevel() == Level.INFO)
          .filter(e -> e.getFormattedMessage().contains("keeps up again"))
          .toList();
    }
  }
}
