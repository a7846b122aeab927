package dev.videoagent.core.usecase;

import dev.videoagent.core.TenantName;
import dev.videoagent.core.UsageCounts;
import dev.videoagent.core.UsageDay;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.port.UsageRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's usage, day by day (UTC), read from the counters written as things happened: never by
 * scanning the jobs.
 */
public final class ReportUsage {
  /** The longest range one report covers, in days (both ends included). */
  public static final int MAX_DAYS = 366;

  /** The days a report covers when the caller gives no start: this many, ending with {@code to}. */
  public static final int DEFAULT_DAYS = 30;

  private final UsageRepository usage;
  private final Clock clock;
  private final BigDecimal pricePerVideo;

  /**
   * @param pricePerVideo an estimated price per submission, or {@code null} for no estimate
   */
  public ReportUsage(UsageRepository usage, Clock clock, BigDecimal pricePerVideo) {
    this.usage = Objects.requireNonNull(usage, "usage");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pricePerVideo = pricePerVideo;
  }

  /**
   * The report from {@code from} to {@code to}, both included; every day is listed, zeros too.
   *
   * @param from the first day, or {@code null} for 29 days before {@code to}
   * @param to the last day, or {@code null} for today (UTC)
   * @throws ValidationException (field {@code from}) when {@code from} is after {@code to} or the
   *     range is longer than {@value #MAX_DAYS} days
   */
  public UsageReport report(TenantName tenant, LocalDate from, LocalDate to) {
    Objects.requireNonNull(tenant, "tenant");
    LocalDate last = to != null ? to : today();
    LocalDate first = from != null ? from : last.minusDays(DEFAULT_DAYS - 1L);
    if (first.isAfter(last)) {
      throw new ValidationException(
          "from", "from (" + first + ") must not be after to (" + last + ").");
    }
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days > MAX_DAYS) {
      throw new ValidationException(
          "from",
          "The range from "
              + first
              + " to "
              + last
              + " covers "
              + days
              + " days; a report covers at most "
              + MAX_DAYS
              + ".");
    }
    Map<LocalDate, UsageCounts> counted = new HashMap<>();
    for (UsageDay day : usage.days(tenant.value(), first, last)) {
      counted.merge(day.date(), day.counts(), UsageCounts::plus);
    }
    List<UsageDay> listed = new ArrayList<>();
    UsageCounts totals = UsageCounts.ZERO;
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      UsageCounts counts = counted.getOrDefault(day, UsageCounts.ZERO);
      listed.add(new UsageDay(day, counts));
      totals = totals.plus(counts);
    }
    EstimatedCost cost =
        pricePerVideo == null
            ? null
            : new EstimatedCost(pricePerVideo.multiply(BigDecimal.valueOf(totals.submitted())));
    return new UsageReport(first, last, listed, totals, cost);
  }

  /** Today in UTC, by the injected clock. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /**
   * A usage report.
   *
   * @param days every day of the range, oldest first
   * @param estimatedCost {@code submitted × price}, or {@code null} when no price is set
   */
  public record UsageReport(
      LocalDate from,
      LocalDate to,
      List<UsageDay> days,
      UsageCounts totals,
      EstimatedCost estimatedCost) {
    public UsageReport {
      days = List.copyOf(days);
    }

    public Optional<EstimatedCost> estimatedCostIfPriced() {
      return Optional.ofNullable(estimatedCost);
    }
  }

  /** An estimate, not a bill: submissions that may have been charged times the configured price. */
  public record EstimatedCost(BigDecimal amount) {
    /** How the amount was reached, in words users see. */
    public static final String BASIS = "submitted × VIDEOAGENT_PRICE_PER_VIDEO";

    public EstimatedCost {
      Objects.requireNonNull(amount, "amount");
    }
  }
}
