package dev.videoagent.adapters.http.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the sandbox has seen, for tests to assert on (in particular: what was billed). */
public final class SandboxStats {

  /** How a submit call ended. */
  public enum SubmitOutcome {
    /** Taken and answered 200. */
    ACCEPTED,
    /** Taken (and billed) but answered 500: the ambiguous case. */
    ACCEPTED_BUT_ANSWERED_500,
    /** Refused with 429 before being taken. */
    RATE_LIMITED,
    /** Refused with 503 before being taken. */
    UNAVAILABLE,
    /** Refused with 402: the account is out of credits. Not taken, not billed. */
    OUT_OF_CREDIT,
    /** Refused with 503 because the sandbox was switched down. */
    DOWN,
    /** Refused with 401: missing or wrong subscription key. */
    UNAUTHORIZED,
    /** Refused with 400 or 413: the body was not a valid request. */
    INVALID
  }

  private final Map<SubmitOutcome, LongAdder> submitCalls = new EnumMap<>(SubmitOutcome.class);
  private final Map<String, LongAdder> acceptedByPrompt = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> statusReadsById = new ConcurrentHashMap<>();
  private final LongAdder statusReads = new LongAdder();
  private final LongAdder mediaDownloads = new LongAdder();
  private final LongAdder mediaRefusals = new LongAdder();
  private final LongAdder webhookAttempts = new LongAdder();
  private final LongAdder webhookDeliveries = new LongAdder();
  private final Map<String, Instant> firstWebhookSent = new ConcurrentHashMap<>();
  private final Map<String, Instant> webhookDelivered = new ConcurrentHashMap<>();
  private final Clock clock;

  /** When each job taken and not yet finished will finish (System.nanoTime), soonest first. */
  private final PriorityQueue<Long> runningUntil = new PriorityQueue<>();

  private int peakConcurrentJobs;

  SandboxStats(Clock clock) {
    this.clock = clock;
    // Filled once here and only read afterwards, so the EnumMap needs no lock.
    for (SubmitOutcome outcome : SubmitOutcome.values()) {
      submitCalls.put(outcome, new LongAdder());
    }
  }

  /**
   * Submissions the gateway took, billed ones included: {@code 200}s and ambiguous {@code 500}s.
   */
  public long acceptedSubmissions() {
    return submitCalls(SubmitOutcome.ACCEPTED)
        + submitCalls(SubmitOutcome.ACCEPTED_BUT_ANSWERED_500);
  }

  /** Taken submissions whose prompt was exactly {@code prompt}. */
  public long acceptedSubmissionsFor(String prompt) {
    LongAdder count = acceptedByPrompt.get(prompt);
    return count == null ? 0 : count.sum();
  }

  public long submitCalls(SubmitOutcome outcome) {
    return submitCalls.get(outcome).sum();
  }

  public long submitCalls() {
    return submitCalls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Status calls received, whatever they were answered. */
  public long statusReads() {
    return statusReads.sum();
  }

  public long statusReadsFor(String requestId) {
    LongAdder count = statusReadsById.get(requestId);
    return count == null ? 0 : count.sum();
  }

  /** Media bodies served in full. */
  public long mediaDownloads() {
    return mediaDownloads.sum();
  }

  /** Media fetches answered as expired ({@code 403}/{@code 404}). */
  public long mediaRefusals() {
    return mediaRefusals.sum();
  }

  /**
   * Jobs taken and not yet finished, right now: what the account's concurrency limit counts (HeyGen
   * allows about 10).
   */
  public synchronized int concurrentJobs() {
    forgetFinished(System.nanoTime());
    return runningUntil.size();
  }

  /** The most jobs that were ever taken and unfinished at the same moment. */
  public synchronized int peakConcurrentJobs() {
    return peakConcurrentJobs;
  }

  public long webhookAttempts() {
    return webhookAttempts.sum();
  }

  /** Webhooks a receiver acknowledged with a 2xx. */
  public long webhookDeliveries() {
    return webhookDeliveries.sum();
  }

  /**
   * When the callback about the job {@code requestId} was first sent, on the sandbox's clock: the
   * moment a receiver learns the job ended, for measuring what it does after.
   */
  public Optional<Instant> firstWebhookSentAt(String requestId) {
    return Optional.ofNullable(firstWebhookSent.get(requestId));
  }

  /** When a receiver first acknowledged the callback about {@code requestId} with a 2xx. */
  public Optional<Instant> webhookDeliveredAt(String requestId) {
    return Optional.ofNullable(webhookDelivered.get(requestId));
  }

  void submitCall(SubmitOutcome outcome, String prompt) {
    submitCalls.get(outcome).increment();
    if (outcome == SubmitOutcome.ACCEPTED || outcome == SubmitOutcome.ACCEPTED_BUT_ANSWERED_500) {
      acceptedByPrompt.computeIfAbsent(prompt, p -> new LongAdder()).increment();
    }
  }

  /** A job was taken (billed) and will run for {@code runsFor}. */
  synchronized void jobTaken(Duration runsFor) {
    long now = System.nanoTime();
    forgetFinished(now);
    runningUntil.add(now + runsFor.toNanos());
    peakConcurrentJobs = Math.max(peakConcurrentJobs, runningUntil.size());
  }

  private void forgetFinished(long now) {
    while (!runningUntil.isEmpty() && runningUntil.peek() - now <= 0) {
      runningUntil.poll();
    }
  }

  void statusRead(String requestId) {
    statusReads.increment();
    statusReadsById.computeIfAbsent(requestId, id -> new LongAdder()).increment();
  }

  void mediaDownloaded() {
    mediaDownloads.increment();
  }

  void mediaRefused() {
    mediaRefusals.increment();
  }

  void webhookSending(String requestId) {
    firstWebhookSent.putIfAbsent(requestId, clock.instant());
  }

  void webhookAttempted(String requestId, boolean delivered) {
    webhookAttempts.increment();
    if (delivered) {
      webhookDeliveries.increment();
      webhookDelivered.putIfAbsent(requestId, clock.instant());
    }
  }

  @Override
  public String toString() {
    return "SandboxStats[submits="
        + submitCalls()
        + ", accepted="
        + acceptedSubmissions()
        + ", statusReads="
        + statusReads()
        + ", mediaDownloads="
        + mediaDownloads()
        + ", webhookDeliveries="
        + webhookDeliveries()
        + ", peakConcurrentJobs="
        + peakConcurrentJobs()
        + "]";
  }
}
