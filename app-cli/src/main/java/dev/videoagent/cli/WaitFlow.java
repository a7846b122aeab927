package dev.videoagent.cli;

import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.ListJobs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for one job, shows progress, writes {@code -o FILE}, prints the result and picks the exit
 * code: what {@code generate --wait} and {@code wait} share.
 */
final class WaitFlow {
  private final CliContext context;
  private final Session session;
  private final boolean json;
  private final JobOutput output = new JobOutput();

  WaitFlow(CliContext context, Session session, boolean json) {
    this.context = context;
    this.session = session;
    this.json = json;
  }

  /**
   * @param timeout how long to wait, or {@code null} until the job settles
   * @param file where to write the video, or {@code null}
   */
  int await(String id, Duration timeout, Path file) throws InterruptedException {
    Clock clock = session.get(Clock.class);
    JobWaiter waiter = JobWaiter.of(session);
    EtaEstimate eta = EtaEstimate.fromHistory(session.get(ListJobs.class));
    Instant giveUpAt = timeout == null ? null : clock.instant().plus(timeout);
    String resume =
        session.resumeHint(
            "videoagent wait "
                + id
                + (file == null ? "" : " -o " + GlobalOptions.shellQuoted(file.toString())));
    JobWaiter.Outcome outcome;
    JobProgress progress = JobProgress.choose(context, json, eta, clock);
    Interrupts.Registration onCtrlC =
        context
            .interrupts()
            .onInterrupt(
                () -> {
                  progress.close();
                  context.note("Stopped waiting; job " + id + " goes on. " + resume);
                });
    try {
      outcome = waiter.await(id, giveUpAt, progress::update, () -> false);
    } finally {
      onCtrlC.close();
      progress.close();
    }
    if (outcome instanceof JobWaiter.Outcome.NotFound) {
      throw CliException.noSuchJob(id);
    }
    if (outcome instanceof JobWaiter.Outcome.Unreachable unreachable) {
      print(unreachable.job(), null);
      return unreachable(unreachable.job(), waiter.probe(), file);
    }
    if (outcome instanceof JobWaiter.Outcome.OutOfCredit noCredit) {
      print(noCredit.job(), null);
      context.note(outOfCreditSentence(noCredit, resume));
      return ExitCode.UNAVAILABLE;
    }
    if (outcome instanceof JobWaiter.Outcome.GaveUp gaveUp) {
      print(gaveUp.job(), null);
      context.note(
          "Job "
              + id
              + " is still "
              + gaveUp.job().status().wireName()
              + " after "
              + Durations.format(timeout == null ? Duration.ZERO : timeout)
              + " of waiting; it goes on. "
              + resume);
      return ExitCode.UNAVAILABLE;
    }
    VideoJob job = ((JobWaiter.Outcome.Settled) outcome).job();
    if (job.status() == JobStatus.COMPLETED && job.content() != null) {
      if (file != null) {
        job = new SaveVideo(session.get(DownloadVideo.class), context.workingDir()).to(id, file);
      }
      print(job, file);
      return ExitCode.OK;
    }
    print(job, null);
    context.note(JobOutput.failureSentence(job));
    return ExitCode.JOB_FAILED;
  }

  /** What the command line says when a wait stops because the account is out of credit. */
  static String outOfCreditSentence(JobWaiter.Outcome.OutOfCredit noCredit, String resume) {
    return "The gateway account is out of credit (HTTP 402"
        + (noCredit.hold().detail() == null ? "" : ": " + noCredit.hold().detail())
        + "). Nothing was billed; job "
        + noCredit.job().id()
        + " is kept (pending) and goes out once the account has credit again. "
        + resume;
  }

  /** The sentence and exit code for a gateway that does not accept connections. */
  int unreachable(VideoJob job, GatewayProbe probe, Path file) {
    String resume =
        session.resumeHint(
            "videoagent wait "
                + job.id()
                + (file == null ? "" : " -o " + GlobalOptions.shellQuoted(file.toString())));
    context.note(
        "Could not reach the gateway at "
            + probe.baseUrl()
            + ". Job "
            + job.id()
            + " is kept ("
            + job.status().wireName()
            + ") and goes on once the gateway answers. "
            + resume);
    return ExitCode.UNAVAILABLE;
  }

  private void print(VideoJob job, Path file) {
    PrintWriter out = context.out();
    if (json) {
      out.println(output.document(job));
    } else {
      JobOutput.printHuman(out, job);
      if (file != null) {
        JobOutput.field(out, "saved to", context.workingDir().resolve(file).normalize().toString());
      }
    }
    out.flush();
  }
}
