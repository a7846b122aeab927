package dev.videoagent.core.usecase;

import dev.videoagent.core.CallbackWindow;
import dev.videoagent.core.ErrorCode;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.DownloadResult;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.MediaDownloader;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.VideoGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Does whatever a due job needs next: submit it, read its status, or download its video. Each step
 * is claimed first (a compare-and-set that moves the job's next check past a lease), so concurrent
 * workers on one database never submit, read or download the same job twice.
 */
public final class AdvanceJob {
  private final JobRepository jobs;
  private final JobStore store;
  private final SubmitJob submitJob;
  private final VideoGateway gateway;
  private final MediaDownloader downloader;
  private final Clock clock;
  private final JobPolicy policy;
  private final RandomGenerator random;
  private final JobOutlook outlook;

  public AdvanceJob(
      JobRepository jobs,
      SubmitJob submitJob,
      VideoGateway gateway,
      MediaDownloader downloader,
      Clock clock,
      JobPolicy policy,
      RandomGenerator random) {
    this.jobs = jobs;
    this.store = new JobStore(jobs);
    this.submitJob = submitJob;
    this.gateway = gateway;
    this.downloader = downloader;
    this.clock = clock;
    this.policy = policy;
    this.random = random;
    this.outlook = new JobOutlook(jobs, policy);
  }

  /**
   * Advances {@code job} if it is due; otherwise returns it as it is.
   *
   * @return the job as now stored
   * @throws GatewayAuthenticationException when the gateway refuses the key (nothing is lost: the
   *     job is left to be tried again)
   */
  public VideoJob refresh(VideoJob job) {
    Instant now = clock.instant();
    if (!job.isDue(now)) {
      return job;
    }
    if (job.hasUnansweredAttempt()) {
      return unanswered(job, now);
    }
    if (!job.status().isTerminal() && !now.isBefore(job.deadline())) {
      return store.save(job, job.failed(ErrorCode.TIMED_OUT, deadlinePassed(job), now));
    }
    return switch (job.status()) {
      case PENDING -> submitJob.submit(job);
      case QUEUED, PROCESSING ->
          claim(job, policy.lease()).map(this::readStatus).orElseGet(() -> store.reread(job));
      case COMPLETED ->
          job.awaitsDownload()
              ? claim(job, policy.lease()).map(this::download).orElseGet(() -> store.reread(job))
              : job;
      case FAILED, CANCELED -> job;
    };
  }

  /**
   * The same refreshes with every gateway call (submit, status read) taking a token of {@code rate}
   * just before it is made: work that ends without a call (a job turned away by the cap, a claim
   * lost, a download, a crash recovery) spends none.
   */
  public AdvanceJob rateLimited(CallRate rate) {
    // A quarter of the lease: the lease is at least twice the gateway time-out, so the call that
    // follows the wait still ends well before the claim (or the attempt mark's lease) does.
    VideoGateway limited = new RateLimitedGateway(gateway, rate, policy.lease().dividedBy(4));
    return new AdvanceJob(
        jobs, submitJob.withGateway(limited), limited, downloader, clock, policy, random);
  }

  /**
   * What users read when a job's deadline passed: a job still pending was never taken (the cap, the
   * credit hold or the circuit breaker kept it back), so it cost nothing; one the gateway took may
   * still finish, and be billed, there.
   */
  private static String deadlinePassed(VideoJob job) {
    if (job.status() == JobStatus.PENDING) {
      return "The job was not sent to the gateway before its deadline of "
          + job.deadline()
          + ". Nothing was billed; retry to submit it again.";
    }
    return "The job did not finish before its deadline of "
        + job.deadline()
        + ". It may still finish at the gateway; retry to submit it again.";
  }

  /** Slots under the in-flight cap that are free right now. */
  public int freeSlots() {
    return submitJob.freeSlots();
  }

  /** This process's credit hold, which the submissions of every caller obey. */
  public CreditHold creditHold() {
    return submitJob.creditHold();
  }

  /**
   * A due job whose attempt has no recorded answer: its sender died mid-call, or its ambiguous
   * submission waits for the gateway's callback. Never sent again by itself: settled by the request
   * a callback named (once the gateway answers for it), held for the callback window, or ended
   * {@code submission_unknown} when the window closes.
   */
  private VideoJob unanswered(VideoJob job, Instant now) {
    Optional<CallbackWindow> window = job.callbackWindowIfAny();
    if (window.isEmpty()) {
      Optional<CallbackWindow> opened = submitJob.callbackWindowFor(job, job.submitStartedAt());
      if (opened.isPresent() && opened.get().isOpen(now)) {
        return store.save(job, job.awaitingCallback(opened.get(), now));
      }
      return store.save(
          job,
          job.failed(
              ErrorCode.SUBMISSION_UNKNOWN,
              SubmitJob.submissionUnknownMessage(
                  job.id(), "the process that sent it stopped before the gateway answered"),
              now));
    }
    if (!window.get().isOpen(now)) {
      return store.save(
          job,
          job.failed(
              ErrorCode.SUBMISSION_UNKNOWN,
              SubmitJob.submissionUnknownMessage(job.id(), windowClosed(window.get())),
              now));
    }
    if (window.get().namedRequestId() == null) {
      // Looked at before its window closes with nothing named: rest until it does.
      return store.save(job, job.claimedUntil(window.get().until(), now));
    }
    return claim(job, policy.lease()).map(this::settle).orElseGet(() -> store.reread(job));
  }

  /** Why a callback window closed without settling its job: nobody called, or no read answered. */
  private static String windowClosed(CallbackWindow window) {
    if (window.namedRequestId() == null) {
      return "no gateway callback named its request before "
          + window.until()
          + ", when the wait for one ended";
    }
    return "a gateway callback named request "
        + window.namedRequestId()
        + ", but the gateway did not answer a status read for it before "
        + window.until()
        + ", when the wait ended";
  }

  /**
   * Reads the request a callback named from the gateway (the callback's body is never believed).
   * When the gateway answers for it, the job has that request and carries on from the answer, with
   * no second submission; an unreadable answer is read again later, within the window.
   */
  private VideoJob settle(VideoJob held) {
    String requestId = held.callbackWindow().namedRequestId();
    StatusResult result = readOrRelease(held, requestId);
    Instant now = clock.instant();
    if (result instanceof StatusResult.Unreadable unreadable) {
      Instant retryAt = now.plus(backoff(held, unreadable.retryAfter()));
      Instant until = held.callbackWindow().until();
      return store.save(held, held.readFailed(now, retryAt.isAfter(until) ? until : retryAt));
    }
    return applyRead(held, held.settledByCallback(requestId, now), result);
  }

  /** Jobs allowed in flight at once, across every process on the database. */
  public int maxInFlight() {
    return submitJob.maxInFlight();
  }

  private Optional<VideoJob> claim(VideoJob job, Duration lease) {
    Instant now = clock.instant();
    return jobs.update(job.claimedUntil(now.plus(lease), now));
  }

  private VideoJob readStatus(VideoJob job) {
    return applyRead(job, job, readOrRelease(job, job.gatewayRequestId()));
  }

  /**
   * Writes what a status read of {@code job} said, over {@code stored} (the job as stored: {@code
   * job} itself, or the held job it was settled from).
   */
  private VideoJob applyRead(VideoJob stored, VideoJob job, StatusResult result) {
    Instant now = clock.instant();
    if (result instanceof StatusResult.Running running) {
      VideoJob read = job.stillRunning(running.status(), now, now);
      return store.save(stored, outlook.assess(read, now, random.nextDouble()));
    }
    if (result instanceof StatusResult.Completed completed) {
      VideoJob done =
          job.completedAt(completed.mediaUrl(), now).claimedUntil(now.plus(policy.lease()), now);
      Optional<VideoJob> written = jobs.update(done);
      return written.isPresent() ? download(written.get()) : store.reread(job);
    }
    if (result instanceof StatusResult.Canceled) {
      return store.save(stored, job.canceledAtGateway(now));
    }
    if (result instanceof StatusResult.Failed failed) {
      String reason =
          failed.reason() == null || failed.reason().isBlank()
              ? ""
              : ": " + failed.reason().strip().replaceAll("[.\\s]+$", "");
      return store.save(
          stored,
          job.failedAtGateway("The gateway reported the job as failed" + reason + ".", now));
    }
    StatusResult.Unreadable unreadable = (StatusResult.Unreadable) result;
    return store.save(stored, job.readFailed(now, now.plus(backoff(job, unreadable.retryAfter()))));
  }

  private StatusResult readOrRelease(VideoJob job, String requestId) {
    try {
      return gateway.readStatus(requestId);
    } catch (GatewayAuthenticationException badKey) {
      Instant now = clock.instant();
      store.save(job, job.readFailed(now, now.plus(backoff(job, null))));
      throw badKey;
    }
  }

  private VideoJob download(VideoJob job) {
    HeldClaim claim = new HeldClaim(jobs, clock, policy.lease(), job);
    DownloadResult result = downloader.download(job.id(), job.videoUrl(), claim::stillGoing);
    job = claim.job();
    if (result instanceof DownloadResult.Expired) {
      // Gateway links expire; a fresh status read hands out a fresh one.
      StatusResult status = readOrRelease(job, job.gatewayRequestId());
      if (status instanceof StatusResult.Completed fresh
          && !fresh.mediaUrl().equals(job.videoUrl())) {
        Optional<VideoJob> refreshed =
            jobs.update(job.mediaUrlRefreshed(fresh.mediaUrl(), clock.instant()));
        if (refreshed.isEmpty()) {
          return store.reread(job);
        }
        claim = new HeldClaim(jobs, clock, policy.lease(), refreshed.get());
        result = downloader.download(job.id(), refreshed.get().videoUrl(), claim::stillGoing);
        job = claim.job();
      }
    }
    if (result instanceof DownloadResult.Stored stored) {
      return store.save(job, job.contentStored(stored.content(), clock.instant()));
    }
    if (result instanceof DownloadResult.Expired expired) {
      return downloadFailed(
          job, "the media link answered HTTP " + expired.httpStatus() + " (expired)", false);
    }
    DownloadResult.Failed failed = (DownloadResult.Failed) result;
    return downloadFailed(job, failed.reason(), failed.permanent());
  }

  private VideoJob downloadFailed(VideoJob job, String reason, boolean permanent) {
    Instant now = clock.instant();
    if (permanent || job.consecutiveFailures() + 1 >= policy.downloadAttempts()) {
      return store.save(
          job,
          job.downloadAbandoned(
              "The video could not be downloaded ("
                  + reason
                  + "). Run `videoagent download "
                  + job.id()
                  + "` or GET /v1/videos/"
                  + job.id()
                  + "/content to try again.",
              now));
    }
    return store.save(job, job.downloadFailed(now, now.plus(backoff(job, null))));
  }

  private Duration backoff(VideoJob job, Duration retryAfter) {
    return policy.backoffAfterFailure(job, retryAfter, random.nextDouble());
  }
}
