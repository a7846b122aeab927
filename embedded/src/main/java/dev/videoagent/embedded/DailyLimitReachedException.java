package dev.videoagent.embedded;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@link VideoAgent#submit(VideoSpec) submit} or {@link VideoAgent#retry(String) retry} would go
 * past a daily limit ({@link VideoAgent.Builder#tenantDailyLimit(long)}, the tenant's own {@link
 * Limits#daily()}, or {@link VideoAgent.Builder#dailyLimit(long)}). Nothing was written: the job is
 * not stored, the retry not made, the count not raised. Submissions are taken again from {@link
 * #resetsAt()}, the next 00:00 UTC. The message is the sentence the service and the command line
 * give for the same refusal.
 *
 * <p>Thread-safe once thrown (immutable).
 */
public final class DailyLimitReachedException extends VideoAgentException {
  private static final long serialVersionUID = 1L;

  /** Whose daily limit was reached. */
  public enum Limit {
    /** The tenant's own limit, or the default for every tenant. */
    TENANT,
    /** The deployment's limit, for every tenant together. */
    DEPLOYMENT;
  }

  /** Whose limit refused the call. */
  private final Limit reached;

  /** Creates and retries that limit allows per UTC day. */
  private final long limit;

  /** The next 00:00 UTC after the refusal. */
  private final Instant resetsAt;

  /**
   * An exception naming the limit reached.
   *
   * @param message the sentence users see
   * @param reached whose limit it is
   * @param limit how many creates and retries that limit allows per UTC day
   * @param resetsAt when the limit resets (the next 00:00 UTC)
   * @throws NullPointerException when {@code reached} or {@code resetsAt} is null
   */
  public DailyLimitReachedException(String message, Limit reached, long limit, Instant resetsAt) {
    super(message);
    this.reached = Objects.requireNonNull(reached, "reached");
    this.limit = limit;
    this.resetsAt = Objects.requireNonNull(resetsAt, "resetsAt");
  }

  /**
   * Whose limit refused the call.
   *
   * @return {@link Limit#TENANT} or {@link Limit#DEPLOYMENT}
   */
  public Limit reached() {
    return reached;
  }

  /**
   * How high the limit is.
   *
   * @return creates and retries allowed per UTC day
   */
  public long limit() {
    return limit;
  }

  /**
   * When the limit resets and submissions are taken again.
   *
   * @return the next 00:00 UTC after the refusal
   */
  public Instant resetsAt() {
    return resetsAt;
  }
}
