package dev.videoagent.embedded;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's tenant's usage, day by day (UTC), as {@link VideoAgent#usage(LocalDate, LocalDate)}
 * reports it: the same figures as the service's {@code GET /v1/usage} and {@code videoagent usage}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param from the first day, included
 * @param to the last day, included
 * @param days every day from {@code from} to {@code to}, oldest first, quiet days too
 * @param totals the sum of the days
 * @param estimatedCost {@code totals.submitted()} times the {@link VideoAgent.Builder#pricePerVideo
 *     price per video}, or null when no price is set; an estimate, not a bill
 */
public record Usage(
    LocalDate from,
    LocalDate to,
    List<UsageDay> days,
    UsageFigures totals,
    BigDecimal estimatedCost) {

  /** How {@link #estimatedCost()} is reached, in the words the service and command line use. */
  public static final String ESTIMATE_BASIS = "submitted × VIDEOAGENT_PRICE_PER_VIDEO";

  /**
   * Checks the parts and copies the list.
   *
   * @param from the first day, included
   * @param to the last day, included
   * @param days every day from {@code from} to {@code to}, oldest first, quiet days too
   * @param totals the sum of the days
   * @param estimatedCost {@code totals.submitted()} times the {@link
   *     VideoAgent.Builder#pricePerVideo price per video}, or null when no price is set; an
   *     estimate, not a bill
   * @throws NullPointerException when {@code from}, {@code to}, {@code days} or {@code totals} is
   *     null
   */
  public Usage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(totals, "totals");
    days = List.copyOf(days);
  }

  /**
   * The estimated cost, when a price per video is set.
   *
   * @return {@code submitted × price}, an estimate and not a bill, or empty without a price
   */
  public Optional<BigDecimal> estimatedCostIfPriced() {
    return Optional.ofNullable(estimatedCost);
  }
}
