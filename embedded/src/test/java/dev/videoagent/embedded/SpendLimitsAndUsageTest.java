package dev.videoagent.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spend limits and usage through the library, against its own sandbox and a real SQLite file: the
 * figures equal what happened to the jobs, and a create past a daily cap is refused with the reset
 * at the next 00:00 UTC.
 */
@Timeout(60)
class SpendLimitsAndUsageTest {
  @TempDir Path home;

  @Test
  void theUsageOfTodayCountsWhatHappenedToTheJobs() throws Exception {
    try (VideoAgent agent =
        TestAgents.sandboxed(home)
            .tenant("usage-test")
            .pricePerVideo(new BigDecimal("0.25"))
            .build()) {
      int good = 4;
      List<Video> done = new ArrayList<>();
      for (int i = 0; i < good; i++) {
        Video job = agent.submit("Usage test video number " + i);
        done.add(agent.await(job.id(), Duration.ofSeconds(30)).videoOrThrow());
      }
      Video failing = agent.submit("This one will [fail] at the gateway");
      Video failed = agent.await(failing.id(), Duration.ofSeconds(30)).videoOrThrow();
      assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
      agent.retry(failed.id());
      Video failedAgain = agent.await(failed.id(), Duration.ofSeconds(30)).videoOrThrow();
      assertThat(failedAgain.status()).isEqualTo(VideoStatus.FAILED);

      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      Usage usage = agent.usage(today, today);

      long storedBytes =
          done.stream().mapToLong(v -> v.contentIfStored().orElseThrow().bytes()).sum();
      assertThat(done).allSatisfy(v -> assertThat(v.status()).isEqualTo(VideoStatus.COMPLETED));
      UsageFigures expected =
          new UsageFigures(
              good + 1,
              good + 2,
              good + 2,
              good,
              2,
              1,
              storedBytes,
              Map.of(VideoError.Code.GATEWAY_FAILED, 2L));
      assertThat(usage.from()).isEqualTo(today);
      assertThat(usage.to()).isEqualTo(today);
      assertThat(usage.days()).containsExactly(new UsageDay(today, expected));
      assertThat(usage.totals()).isEqualTo(expected);
      assertThat(usage.totals().admissions()).isEqualTo(good + 2);
      assertThat(usage.estimatedCostIfPriced())
          .hasValueSatisfying(
              cost ->
                  assertThat(cost)
                      .isEqualByComparingTo(
                          new BigDecimal("0.25").multiply(BigDecimal.valueOf(good + 2))));

      Usage month = agent.usage();
      assertThat(month.days()).hasSize(30);
      assertThat(month.to()).isEqualTo(today);
      assertThat(month.days().get(29)).isEqualTo(new UsageDay(today, expected));
      assertThat(month.days().subList(0, 29))
          .allSatisfy(day -> assertThat(day.figures().admissions()).isZero());
      assertThat(month.totals()).isEqualTo(expected);
    }

    // Another tenant on the same database sees none of it.
    try (VideoAgent other = TestAgents.sandboxed(home).tenant("someone-else").build()) {
      assertThat(other.usage().totals().created()).isZero();
      assertThat(other.usage().estimatedCostIfPriced()).isEmpty();
    }
  }

  @Test
  void aRangeTheCoreRefusesIsAnInvalidArgument() {
    try (VideoAgent agent = TestAgents.sandboxed(home).build()) {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      assertThatThrownBy(() -> agent.usage(today, today.minusDays(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not be after");
      assertThatThrownBy(() -> agent.usage(today.minusDays(366), today))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 366");
    }
  }

  @Test
  void submitsPastTheTenantsDailyLimitAreRefusedUntilTheNextMidnightUtc() {
    Instant now = Instant.parse("2026-03-14T22:15:30Z");
    int cap = 3;
    try (VideoAgent agent =
        TestAgents.sandboxed(home)
            .tenant("capped")
            .tenantDailyLimit(cap)
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build()) {
      List<String> stored = new ArrayList<>();
      List<DailyLimitReachedException> refused = new ArrayList<>();
      for (int i = 0; i < cap + 3; i++) {
        try {
          stored.add(agent.submit("Capped video " + i).id());
        } catch (DailyLimitReachedException e) {
          refused.add(e);
        }
      }

      assertThat(stored).hasSize(cap);
      assertThat(refused).hasSize(3);
      DailyLimitReachedException first = refused.get(0);
      assertThat(first.reached()).isEqualTo(DailyLimitReachedException.Limit.TENANT);
      assertThat(first.limit()).isEqualTo(cap);
      assertThat(first.resetsAt()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
      assertThat(first)
          .isInstanceOf(VideoAgentException.class)
          .hasMessage(
              "Tenant capped has reached its daily limit of 3 submissions; no new job or retry is"
                  + " taken until the limit resets at 2026-03-15T00:00:00Z (00:00 UTC).");
      // Nothing was written for the refused ones.
      assertThat(agent.list(VideoQuery.newest(100)).videos()).hasSize(cap);
      LocalDate day = LocalDate.of(2026, 3, 14);
      assertThat(agent.usage(day, day).totals().created()).isEqualTo(cap);

      // The tenant's own, higher limit replaces the default at once.
      assertThat(agent.changeLimits(5L, null)).isEqualTo(new Limits(5L, null));
      assertThat(agent.limits().dailyIfSet()).hasValue(5);
      agent.submit("Allowed under the tenant's own limit 1");
      agent.submit("Allowed under the tenant's own limit 2");
      assertThatThrownBy(() -> agent.submit("One past the tenant's own limit"))
          .isInstanceOfSatisfying(
              DailyLimitReachedException.class, e -> assertThat(e.limit()).isEqualTo(5));
      agent.clearLimits();
      assertThat(agent.limits()).isEqualTo(new Limits(null, null));
      assertThatThrownBy(() -> agent.submit("Back under the default"))
          .isInstanceOfSatisfying(
              DailyLimitReachedException.class, e -> assertThat(e.limit()).isEqualTo(cap));
    }

    // The next UTC day takes submissions again.
    try (VideoAgent nextDay =
        TestAgents.sandboxed(home)
            .tenant("capped")
            .tenantDailyLimit(cap)
            .clock(Clock.fixed(Instant.parse("2026-03-15T00:00:00Z"), ZoneOffset.UTC))
            .build()) {
      assertThat(nextDay.submit("A new day").status()).isEqualTo(VideoStatus.PENDING);
    }
  }

  @Test
  void theDeploymentsLimitCountsEveryTenantTogether() {
    Instant now = Instant.parse("2026-05-01T08:00:00Z");
    try (VideoAgent a =
            TestAgents.sandboxed(home)
                .tenant("tenant-a")
                .dailyLimit(2)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
        VideoAgent b =
            TestAgents.sandboxed(home)
                .tenant("tenant-b")
                .dailyLimit(2)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build()) {
      a.submit("From tenant a");
      b.submit("From tenant b");
      assertThatThrownBy(() -> b.submit("Third of the deployment"))
          .isInstanceOfSatisfying(
              DailyLimitReachedException.class,
              e -> {
                assertThat(e.reached()).isEqualTo(DailyLimitReachedException.Limit.DEPLOYMENT);
                assertThat(e.limit()).isEqualTo(2);
                assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-05-02T00:00:00Z"));
                assertThat(e.getMessage()).startsWith("This deployment has reached");
              });
      assertThatThrownBy(() -> a.submit("Fourth of the deployment"))
          .isInstanceOf(DailyLimitReachedException.class);
    }
  }

  @Test
  void aRetryPastTheDailyLimitIsRefusedAndTheJobStaysFailed() throws Exception {
    try (VideoAgent agent =
        TestAgents.sandboxed(home).tenant("retry-capped").tenantDailyLimit(1).build()) {
      Video job = agent.submit("This one will [fail] at the gateway");
      Video failed = agent.await(job.id(), Duration.ofSeconds(30)).videoOrThrow();
      assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);

      assertThatThrownBy(() -> agent.retry(job.id()))
          .isInstanceOfSatisfying(
              DailyLimitReachedException.class,
              e ->
                  assertThat(e.resetsAt())
                      .isEqualTo(
                          LocalDate.now(ZoneOffset.UTC)
                              .plusDays(1)
                              .atStartOfDay(ZoneOffset.UTC)
                              .toInstant()));
      assertThat(agent.get(job.id()).orElseThrow().status()).isEqualTo(VideoStatus.FAILED);
    }
  }
}
