package dev.videoagent.embedded;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a tenant did in a span of time, as counters written at the moment each thing happened (never
 * by scanning the jobs later), so they stay true after jobs are removed.
 *
 * <p>Thread-safe (immutable).
 *
 * @param created jobs stored by {@link VideoAgent#submit(VideoSpec)} (a replay of an idempotency
 *     key is not a new job)
 * @param submitted gateway submissions that may have been billed: the accepted ones and the
 *     ambiguous ones ({@link VideoError.Code#SUBMISSION_UNKNOWN}); a call the gateway certainly did
 *     not take or refused outright is not counted
 * @param accepted submissions the gateway answered with a request id
 * @param completed jobs the gateway finished
 * @param failed jobs that ended {@code failed}, whatever the code
 * @param retries {@link VideoAgent#retry(String) retries} of failed jobs
 * @param storedBytes bytes of videos put into the store
 * @param failedByCode {@code failed} split by error code; codes without failures are left out
 */
public record UsageFigures(
    long created,
    long submitted,
    long accepted,
    long completed,
    long failed,
    long retries,
    long storedBytes,
    Map<VideoError.Code, Long> failedByCode) {

  /**
   * Checks the figures and copies the map.
   *
   * @param created jobs stored by {@link VideoAgent#submit(VideoSpec)} (a replay of an idempotency
   *     key is not a new job)
   * @param submitted gateway submissions that may have been billed: the accepted ones and the
   *     ambiguous ones ({@link VideoError.Code#SUBMISSION_UNKNOWN}); a call the gateway certainly
   *     did not take or refused outright is not counted
   * @param accepted submissions the gateway answered with a request id
   * @param completed jobs the gateway finished
   * @param failed jobs that ended {@code failed}, whatever the code
   * @param retries {@link VideoAgent#retry(String) retries} of failed jobs
   * @param storedBytes bytes of videos put into the store
   * @param failedByCode {@code failed} split by error code; codes without failures are left out
   * @throws IllegalArgumentException when a figure is negative
   * @throws NullPointerException when {@code failedByCode} is null
   */
  public UsageFigures {
    Objects.requireNonNull(failedByCode, "failedByCode");
    for (long figure :
        new long[] {created, submitted, accepted, completed, failed, retries, storedBytes}) {
      if (figure < 0) {
        throw new IllegalArgumentException(
            "usage figures must not be negative (got " + figure + ")");
      }
    }
    Map<VideoError.Code, Long> codes = new EnumMap<>(VideoError.Code.class);
    failedByCode.forEach(
        (code, n) -> {
          if (n != 0) {
            codes.put(Objects.requireNonNull(code, "code"), n);
          }
        });
    failedByCode = Map.copyOf(codes);
  }

  /**
   * Creates and retries together: what a daily limit counts.
   *
   * @return {@code created + retries}
   */
  public long admissions() {
    return created + retries;
  }
}
