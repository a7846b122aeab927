package dev.videoagent.core.testing;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A gateway whose answers the test lines up in advance. When the script runs out it accepts
 * submissions and reports jobs as processing (or completed, see {@link #completingEveryRead()}); it
 * records every call.
 */
public final class ScriptedGateway implements VideoGateway {
  private final Deque<Supplier<SubmitResult>> submitAnswers = new ArrayDeque<>();
  private final Deque<Supplier<StatusResult>> statusAnswers = new ArrayDeque<>();
  private final List<GatewaySubmission> submissions = new ArrayList<>();
  private final List<String> statusReads = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean completeByDefault;

  public synchronized ScriptedGateway thenSubmit(SubmitResult answer) {
    submitAnswers.add(() -> answer);
    return this;
  }

  public synchronized ScriptedGateway thenSubmitThrows(RuntimeException failure) {
    submitAnswers.add(
        () -> {
          throw failure;
        });
    return this;
  }

  public synchronized ScriptedGateway thenStatus(StatusResult answer) {
    statusAnswers.add(() -> answer);
    return this;
  }

  public synchronized ScriptedGateway thenStatusThrows(RuntimeException failure) {
    statusAnswers.add(
        () -> {
          throw failure;
        });
    return this;
  }

  /**
   * When the script runs out, reports every job completed (with a media URL of its own) instead of
   * processing: a gateway whose jobs are done by the first read.
   */
  public ScriptedGateway completingEveryRead() {
    completeByDefault = true;
    return this;
  }

  public ScriptedGateway thenCompleted(String mediaUrl) {
    return thenStatus(new StatusResult.Completed(URI.create(mediaUrl)));
  }

  @Override
  public SubmitResult submit(GatewaySubmission submission) {
    Supplier<SubmitResult> next;
    synchronized (this) {
      submissions.add(submission);
      next = submitAnswers.poll();
    }
    return next != null ? next.get() : new SubmitResult.Accepted("req-" + ids.incrementAndGet());
  }

  @Override
  public StatusResult readStatus(String gatewayRequestId) {
    Supplier<StatusResult> next;
    synchronized (this) {
      statusReads.add(gatewayRequestId);
      next = statusAnswers.poll();
    }
    if (next != null) {
      return next.get();
    }
    return completeByDefault
        ? new StatusResult.Completed(URI.create("https://cdn.example.com/" + gatewayRequestId))
        : new StatusResult.Running(JobStatus.PROCESSING);
  }

  public synchronized List<GatewaySubmission> submissions() {
    return List.copyOf(submissions);
  }

  public synchronized List<String> statusReads() {
    return List.copyOf(statusReads);
  }
}
