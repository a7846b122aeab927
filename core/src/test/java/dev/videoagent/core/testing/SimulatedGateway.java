package dev.videoagent.core.testing;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A gateway whose jobs take a known time on a clock the test moves: each submission is given its
 * duration (by its prompt) and reads {@code PROCESSING} until that time has passed, then {@code
 * COMPLETED}. Counts the status reads of each request.
 */
public final class SimulatedGateway implements VideoGateway {
  private final Clock clock;
  private final Function<String, Duration> durationOfPrompt;
  private final Map<String, Instant> doneAt = new HashMap<>();
  private final Map<String, String> promptOf = new HashMap<>();
  private final Map<String, Integer> reads = new HashMap<>();
  private int submitted;

  public SimulatedGateway(Clock clock, Function<String, Duration> durationOfPrompt) {
    this.clock = clock;
    this.durationOfPrompt = durationOfPrompt;
  }

  @Override
  public synchronized SubmitResult submit(GatewaySubmission submission) {
    String requestId = "sim_" + (++submitted);
    String prompt = submission.request().prompt();
    doneAt.put(requestId, clock.instant().plus(durationOfPrompt.apply(prompt)));
    promptOf.put(prompt, requestId);
    return new SubmitResult.Accepted(requestId);
  }

  @Override
  public synchronized StatusResult readStatus(String requestId) {
    reads.merge(requestId, 1, Integer::sum);
    Instant done = doneAt.get(requestId);
    if (done == null) {
      return new StatusResult.Failed("unknown request " + requestId);
    }
    return clock.instant().isBefore(done)
        ? new StatusResult.Running(JobStatus.PROCESSING)
        : new StatusResult.Completed(URI.create("https://media.example/" + requestId + ".mp4"));
  }

  /** When the gateway finishes the request sent for {@code prompt}. */
  public synchronized Instant completionOf(String prompt) {
    return doneAt.get(promptOf.get(prompt));
  }

  /** Status reads made for the request sent for {@code prompt}. */
  public synchronized int readsOf(String prompt) {
    return reads.getOrDefault(promptOf.get(prompt), 0);
  }

  /** Every request not finished yet, with when it finishes. */
  public synchronized Map<String, Instant> completions() {
    return Map.copyOf(doneAt);
  }
}
