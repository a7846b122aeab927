package dev.videoagent.core.usecase;

import dev.videoagent.core.CallbackWindow;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.CallbackAddress;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.SubmissionMark;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Sends a pending job to the gateway, at most once per attempt. The attempt is marked in the
 * database before the call and cleared by the answer, so a process that dies in between leaves a
 * mark that the next look turns into {@code submission_unknown} instead of a second bill.
 *
 * <p>When the submit asked the gateway to call back, an ambiguous answer (or a sender that died
 * mid-call) does not decide at once: the job keeps its mark and waits in a {@link CallbackWindow}
 * for a callback to name its request ({@link JobPolicy#CALLBACK_WINDOW}, at most until its
 * deadline). A {@code 402} holds every submission back ({@link CreditHold}).
 */
public final class SubmitJob {
  private final JobRepository jobs;
  private final JobStore store;
  private final VideoGateway gateway;
  private final CallbackAddress callbacks;
  private final Clock clock;
  private final JobPolicy policy;
  private final RandomGenerator random;
  private final CreditHold credit;

  public SubmitJob(
      JobRepository jobs,
      VideoGateway gateway,
      CallbackAddress callbacks,
      Clock clock,
      JobPolicy policy,
      RandomGenerator random) {
    this(jobs, gateway, callbacks, clock, policy, random, new CreditHold(clock));
  }

  /**
   * As above, sharing {@code credit} with every other submitter of this process, so that one {@code
   * 402} holds them all back.
   */
  public SubmitJob(
      JobRepository jobs,
      VideoGateway gateway,
      CallbackAddress callbacks,
      Clock clock,
      JobPolicy policy,
      RandomGenerator random,
      CreditHold credit) {
    this.credit = credit;
    this.jobs = jobs;
    this.store = new JobStore(jobs);
    this.gateway = gateway;
    this.callbacks = callbacks;
    this.clock = clock;
    this.policy = policy;
    this.random = random;
  }

  /**
   * Submits {@code job} if it is pending, unattempted, and a slot under the in-flight cap is free;
   * otherwise returns it untouched (it keeps its place in line, and nothing was sent). The cap
   * check and the attempt mark are one atomic step in the database, so the cap holds however many
   * workers and processes race for the last slot.
   *
   * @return the job as now stored
   * @throws GatewayAuthenticationException when the gateway refuses the key; the job stays pending,
   *     unattempted, for a later try with a good key
   */
  public VideoJob submit(VideoJob job) {
    if (!job.waitsForSlot()) {
      return job;
    }
    CreditHold.Grant grant = credit.grant();
    if (grant == CreditHold.Grant.HOLD) {
      return job;
    }
    boolean probe = grant == CreditHold.Grant.PROBE;
    try {
      return markAndSend(job, probe);
    } finally {
      if (probe) {
        // Reported already when the probe was answered; otherwise it was not sent after all.
        credit.probeAbandoned();
      }
    }
  }

  private VideoJob markAndSend(VideoJob job, boolean probe) {
    Instant now = clock.instant();
    SubmissionMark mark =
        jobs.markSubmission(job.submissionStarted(now, now.plus(policy.lease())), maxInFlight());
    if (mark instanceof SubmissionMark.CapReached) {
      return job;
    }
    if (mark instanceof SubmissionMark.Outdated) {
      return store.reread(job);
    }
    VideoJob marked = ((SubmissionMark.Marked) mark).job();
    Optional<URI> webhook = callbacks.forJob(marked);
    SubmitResult result;
    try {
      result = gateway.submit(new GatewaySubmission(marked.request(), webhook.orElse(null)));
    } catch (GatewayAuthenticationException badKey) {
      // 401/403 come from the gateway's front door: the job was certainly not taken.
      store.save(marked, marked.submissionDeferred(clock.instant(), later(marked, null)));
      throw badKey;
    } catch (RuntimeException unexpected) {
      // We cannot tell whether the request left this process: treat it as possibly billed.
      store.save(marked, ambiguous(marked, "the submit call failed unexpectedly"));
      throw unexpected;
    }
    noteCredit(result, probe);
    return store.save(marked, apply(marked, result, webhook.isPresent()));
  }

  /** What the answer says about the account's credit. */
  private void noteCredit(SubmitResult result, boolean probe) {
    if (result instanceof SubmitResult.NotTaken notTaken) {
      if (notTaken.trouble() == GatewayTrouble.OUT_OF_CREDIT) {
        credit.outOfCredit(notTaken.detail(), probe);
      }
      // 429, 503, unreachable: nothing learnt about the credit; a probe is simply not answered.
      return;
    }
    if (probe || credit.isHeld()) {
      credit.credited();
    }
  }

  /** This process's credit hold: submissions wait while it holds them back. */
  public CreditHold creditHold() {
    return credit;
  }

  /**
   * The callback window an unanswered attempt of {@code job} sent at {@code sentAt} gets: when the
   * gateway was asked to call back for the job, until {@link JobPolicy#CALLBACK_WINDOW} after
   * sending, at most until its deadline; empty when nobody will call back.
   */
  public Optional<CallbackWindow> callbackWindowFor(VideoJob job, Instant sentAt) {
    if (callbacks.forJob(job).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(CallbackWindow.after(sentAt, JobPolicy.CALLBACK_WINDOW, job.deadline()));
  }

  /** Jobs allowed in flight at once, across every process on the database. */
  public int maxInFlight() {
    return policy.maxInFlight();
  }

  /** Slots under the in-flight cap that are free right now (zero or more). */
  public int freeSlots() {
    return (int) Math.max(0, policy.maxInFlight() - jobs.countInFlight());
  }

  /** The same submissions, made through {@code other}. */
  SubmitJob withGateway(VideoGateway other) {
    return new SubmitJob(jobs, other, callbacks, clock, policy, random, credit);
  }

  private VideoJob apply(VideoJob job, SubmitResult result, boolean callbackRegistered) {
    Instant now = clock.instant();
    if (result instanceof SubmitResult.Accepted accepted) {
      VideoJob taken = job.acceptedByGateway(accepted.requestId(), callbackRegistered, now, now);
      return new JobOutlook(jobs, policy).assess(taken, now, random.nextDouble());
    }
    if (result instanceof SubmitResult.NotTaken notTaken
        && notTaken.trouble() == GatewayTrouble.OUT_OF_CREDIT) {
      // Not the job's fault: it keeps its place and goes out once the hold lets submissions by.
      Instant retryAt = credit.state().map(CreditHold.State::nextProbeAt).orElse(now);
      return job.submissionPutBack(now, retryAt.isAfter(job.deadline()) ? job.deadline() : retryAt);
    }
    if (result instanceof SubmitResult.NotTaken notTaken) {
      Instant retryAt = later(job, notTaken.retryAfter());
      if (!retryAt.isBefore(job.deadline())) {
        return job.failed(
            ErrorCode.TIMED_OUT,
            "The gateway did not take the job before its deadline ("
                + describe(notTaken)
                + "). Nothing was billed; retry to submit it again.",
            now);
      }
      return job.submissionDeferred(now, retryAt);
    }
    if (result instanceof SubmitResult.Rejected rejected) {
      return job.failed(
          ErrorCode.GATEWAY_REJECTED,
          "The gateway rejected the request (HTTP "
              + rejected.httpStatus()
              + "): "
              + rejected.message(),
          now);
    }
    String detail = ((SubmitResult.Ambiguous) result).detail();
    if (callbackRegistered) {
      Optional<CallbackWindow> window = callbackWindowFor(job, job.submitStartedAt());
      if (window.isPresent() && window.get().isOpen(now)) {
        return job.awaitingCallback(window.get(), now);
      }
    }
    return ambiguous(job, detail);
  }

  private VideoJob ambiguous(VideoJob job, String detail) {
    return job.failed(
        ErrorCode.SUBMISSION_UNKNOWN, submissionUnknownMessage(job.id(), detail), clock.instant());
  }

  /** The sentence users see for an ambiguous submission; shared with crash recovery. */
  static String submissionUnknownMessage(String jobId, String detail) {
    return "The submission ended without an answer ("
        + detail
        + "): the gateway may have accepted and billed it. It was not resubmitted automatically;"
        + " to submit it again, POST /v1/videos/"
        + jobId
        + "/retry or run `videoagent retry "
        + jobId
        + "`.";
  }

  private static String describe(SubmitResult.NotTaken notTaken) {
    return notTaken.trouble().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + (notTaken.detail() == null ? "" : ": " + notTaken.detail());
  }

  private Instant later(VideoJob job, Duration retryAfter) {
    return clock.instant().plus(policy.backoffAfterFailure(job, retryAfter, random.nextDouble()));
  }
}
