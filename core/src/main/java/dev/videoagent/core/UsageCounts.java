package dev.videoagent.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a tenant did in a span of time, as counters written at the moment each thing happened.
 *
 * @param created jobs stored by a create call (idempotent replays are not new jobs)
 * @param submitted gateway submit calls that may have been charged: the accepted ones and the
 *     ambiguous ones ({@code submission_unknown}, including a process that died mid-call). A call
 *     the gateway certainly did not take (connection refused, {@code 429}, {@code 503}) or refused
 *     outright ({@code 4xx}) is not counted
 * @param accepted submissions the gateway answered with a request id
 * @param completed jobs the gateway finished
 * @param failed jobs that ended {@code failed}, whatever the code
 * @param retries explicit resubmissions of failed jobs by a user
 * @param storedBytes bytes of videos put into the store
 * @param failedByCode {@code failed} split by error code (codes with no failure are left out)
 */
public record UsageCounts(
    long created,
    long submitted,
    long accepted,
    long completed,
    long failed,
    long retries,
    long storedBytes,
    Map<ErrorCode, Long> failedByCode) {

  public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0, 0, 0, Map.of());

  public UsageCounts {
    Objects.requireNonNull(failedByCode, "failedByCode");
    Map<ErrorCode, Long> codes = new EnumMap<>(ErrorCode.class);
    failedByCode.forEach(
        (code, n) -> {
          if (n != 0) {
            codes.put(code, n);
          }
        });
    failedByCode = Map.copyOf(codes);
  }

  /** What storing {@code job} (a new, pending job) counts. */
  public static UsageCounts ofInsert(VideoJob job) {
    return new UsageCounts(1, 0, 0, 0, 0, 0, 0, Map.of());
  }

  /**
   * What the change from {@code before} to {@code after} counts: a pure function of the two states,
   * so every repository counts the same things.
   */
  public static UsageCounts between(VideoJob before, VideoJob after) {
    long submitted = 0;
    long accepted = 0;
    if (before.hasUnansweredAttempt() && !after.hasUnansweredAttempt()) {
      if (after.gatewayRequestId() != null && after.status() != JobStatus.PENDING) {
        submitted = 1;
        accepted = 1;
      } else if (mayHaveBeenTaken(after)) {
        submitted = 1;
      }
    }
    boolean failedNow = after.status() == JobStatus.FAILED && before.status() != JobStatus.FAILED;
    boolean completedNow =
        after.status() == JobStatus.COMPLETED && before.status() != JobStatus.COMPLETED;
    boolean retried = before.status() == JobStatus.FAILED && after.status() == JobStatus.PENDING;
    long stored = after.content() != null && before.content() == null ? after.content().bytes() : 0;
    return new UsageCounts(
        0,
        submitted,
        accepted,
        completedNow ? 1 : 0,
        failedNow ? 1 : 0,
        retried ? 1 : 0,
        stored,
        failedNow ? Map.of(after.error().code(), 1L) : Map.of());
  }

  /**
   * A marked attempt that ended without an acceptance: the ambiguous end, and a cancel while the
   * call may have been under way. Not taken (still pending), rejected and timed out were not
   * billed.
   */
  private static boolean mayHaveBeenTaken(VideoJob after) {
    if (after.status() == JobStatus.CANCELED) {
      return true;
    }
    return after.status() == JobStatus.FAILED
        && after.error() != null
        && after.error().code() == ErrorCode.SUBMISSION_UNKNOWN;
  }

  /** Creates and retries: what the daily limit counts. */
  public long admissions() {
    return created + retries;
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  public UsageCounts plus(UsageCounts other) {
    Map<ErrorCode, Long> codes = new EnumMap<>(ErrorCode.class);
    codes.putAll(failedByCode);
    other.failedByCode.forEach((code, n) -> codes.merge(code, n, Long::sum));
    return new UsageCounts(
        created + other.created,
        submitted + other.submitted,
        accepted + other.accepted,
        completed + other.completed,
        failed + other.failed,
        retries + other.retries,
        storedBytes + other.storedBytes,
        codes);
  }
}
