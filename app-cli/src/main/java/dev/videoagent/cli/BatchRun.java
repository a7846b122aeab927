package dev.videoagent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videoagent.cli.BatchFile.BatchLine;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.CreateJob;
import dev.videoagent.core.usecase.CreateJob.CreateResult;
import dev.videoagent.core.usecase.DownloadVideo;
import dev.videoagent.core.usecase.ListJobs;
import dev.videoagent.core.usecase.RetryJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs the lines of a checked batch file on a small pool of workers, reading the file a second time
 * as it goes: a line is read only when a worker is free to take it, so the run holds at most a line
 * per worker whatever the size of the file. Each worker takes one line at a time: it creates the
 * line's job with the line's idempotency key (or finds it, when the batch runs again), waits for it
 * with {@link JobWaiter} (which submits, reads and downloads), and copies the video into the output
 * folder unless the file there already holds it. One line is one job is one worker at a time, so no
 * two threads ever act on one job; the core's claims would stop them anyway. A line is created only
 * when a worker takes it, so at most {@code workers} of the batch's jobs are with the gateway at
 * once.
 */
final class BatchRun {
  /** What the command asked for. */
  record Options(
      String batchName,
      Path outputDir,
      int workers,
      boolean json,
      Instant giveUpAt,
      boolean retryFailed,
      String resumeHint) {}

  /** How the run ended, for the exit code. */
  record Summary(
      int lines,
      int completed,
      int alreadySaved,
      int failed,
      int unfinished,
      boolean unreachable,
      String refusedKey) {}

  private final CliContext context;
  private final Session session;
  private final Options options;
  private final BatchFile batchFile;
  private final Path input;
  private final Function<BatchLine, Optional<String>> outputCheck;
  private final BatchKeys.Counter keys;

  /** The number of good lines the check counted. */
  private final int total;

  private final Clock clock;
  private final JobOutput output = new JobOutput();

  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicBoolean unreachable = new AtomicBoolean();
  private final AtomicReference<String> refusedKey = new AtomicReference<>();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger alreadySaved = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();

  /** Lines never started because the run stopped or its deadline passed. */
  private final AtomicInteger skipped = new AtomicInteger();

  private final AtomicInteger threads = new AtomicInteger();

  /** Jobs that this run actually waited for, for the throughput part of the ETA. */
  private final AtomicInteger waitedFor = new AtomicInteger();

  private Instant startedAt;
  private EtaEstimate history;
  private BatchDisplay display;

  /**
   * @param input the batch file, already checked (it is read again here)
   * @param outputCheck the check the first reading made of each line's output
   * @param total how many lines the check counted
   */
  BatchRun(
      CliContext context,
      Session session,
      Options options,
      BatchFile batchFile,
      Path input,
      Function<BatchLine, Optional<String>> outputCheck,
      int total,
      BatchKeys.Counter keys) {
    this.context = context;
    this.session = session;
    this.options = options;
    this.batchFile = batchFile;
    this.input = input;
    this.outputCheck = outputCheck;
    this.total = total;
    this.keys = keys;
    this.clock = session.get(Clock.class);
  }

  Summary run() throws InterruptedException {
    startedAt = clock.instant();
    history = EtaEstimate.fromHistory(session.get(ListJobs.class));
    PrintWriter statusTarget =
        context.interactive() ? (options.json() ? context.err() : context.out()) : null;
    display = new BatchDisplay(context.out(), statusTarget, this::statusLine, context.columns());
    JobWaiter waiter = JobWaiter.of(session);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.workers(),
            r -> {
              Thread thread = new Thread(r, "videoagent-batch-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Interrupts.Registration onCtrlC = context.interrupts().onInterrupt(this::interrupted);
    Semaphore free = new Semaphore(options.workers());
    int handedOut = 0;
    try {
      try (BatchFile.Entries entries = batchFile.open(input, outputCheck)) {
        for (BatchFile.Entry entry = entries.next(); entry != null; entry = entries.next()) {
          if (!takeWorker(free)) {
            break;
          }
          handedOut++;
          if (entry instanceof BatchFile.Entry.Bad bad) {
            // The file changed since it was checked: this line is not run.
            free.release();
            failed(
                bad.line(), null, String.join(" ", bad.problems()) + " (changed since the check)");
            continue;
          }
          BatchLine line = ((BatchFile.Entry.Good) entry).batchLine();
          String key = keys.next(line.request());
          pool.execute(
              () -> {
                try {
                  process(line, key, waiter);
                } finally {
                  free.release();
                }
              });
        }
      } catch (CliException unreadable) {
        // The file could not be read a second time; the lines taken so far go on.
        stop.set(true);
        context.note(unreadable.getMessage());
      }
      // Lines never read because the run stopped (Ctrl-C, --timeout, an unreachable gateway).
      int neverRead = Math.max(0, total - handedOut);
      skipped.addAndGet(neverRead);
      unfinished.addAndGet(neverRead);
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // The workers end on their own: each line settles, gives up at the deadline or stops.
      }
    } catch (InterruptedException e) {
      stop.set(true);
      pool.shutdownNow();
      throw e;
    } finally {
      onCtrlC.close();
      display.close();
    }
    return new Summary(
        Math.max(total, handedOut),
        completed.get(),
        alreadySaved.get(),
        failed.get(),
        unfinished.get(),
        unreachable.get(),
        refusedKey.get());
  }

  /** Waits for a free worker; false when the run stops or its deadline passes first. */
  private boolean takeWorker(Semaphore free) throws InterruptedException {
    while (!stop.get() && !pastDeadline()) {
      if (free.tryAcquire(200, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  private void process(BatchLine line, String key, JobWaiter waiter) {
    if (stop.get() || pastDeadline()) {
      skipped.incrementAndGet();
      unfinished.incrementAndGet();
      return;
    }
    started.incrementAndGet();
    active.incrementAndGet();
    VideoJob job = null;
    try {
      CreateResult created =
          session.get(CreateJob.class).create(GenerateCommand.CLI_TENANT, line.request(), key);
      job = created.job();
      if (created instanceof CreateResult.KeyConflict) {
        failed(
            line.line(),
            job,
            "its idempotency key belongs to another request (job " + job.id() + ").");
        return;
      }
      if (options.retryFailed() && job.status() == JobStatus.FAILED) {
        RetryJob.RetryResult retried =
            session.get(RetryJob.class).retry(Access.operator(), job.id());
        if (retried instanceof RetryJob.RetryResult.Retried again) {
          job = again.job();
        }
      }
      if (!job.isSettled()) {
        JobWaiter.Outcome outcome = waiter.await(job.id(), options.giveUpAt(), j -> {}, stop::get);
        if (outcome instanceof JobWaiter.Outcome.Settled settled) {
          job = settled.job();
          waitedFor.incrementAndGet();
        } else if (outcome instanceof JobWaiter.Outcome.Unreachable) {
          unreachable.set(true);
          stop.set(true);
          unfinished.incrementAndGet();
          return;
        } else {
          unfinished.incrementAndGet();
          return;
        }
      }
      finish(line, job);
    } catch (GatewayAuthenticationException refused) {
      refusedKey.compareAndSet(null, refused.getMessage());
      stop.set(true);
      unfinished.incrementAndGet();
    } catch (InterruptedException e) {
      unfinished.incrementAndGet();
      Thread.currentThread().interrupt();
    } catch (CliException e) {
      failed(line.line(), job, e.getMessage());
    } catch (RuntimeException e) {
      failed(line.line(), job, "could not be processed (" + ErrorReporter.unwrap(e) + ").");
    } finally {
      active.decrementAndGet();
    }
  }

  /** A settled job: copy its video out, or report why there is none. */
  private void finish(BatchLine line, VideoJob job) {
    if (job.status() != JobStatus.COMPLETED || job.content() == null) {
      failed(line.line(), job, null);
      return;
    }
    Path target = target(line, job);
    try {
      makeFolders(target.getParent());
    } catch (IOException e) {
      failed(
          line.line(),
          job,
          "could not make the folder for " + shown(target) + ": " + SaveVideo.describe(e) + ".");
      return;
    }
    boolean skip;
    try {
      skip = VideoFiles.alreadySaved(target, job.content());
    } catch (IOException e) {
      skip = false;
    }
    if (skip) {
      alreadySaved.incrementAndGet();
      report(line, job, target, "already_saved", "already saved as " + shown(target));
      return;
    }
    VideoJob saved =
        new SaveVideo(session.get(DownloadVideo.class), context.workingDir()).to(job.id(), target);
    completed.incrementAndGet();
    report(line, saved, target, "saved", "completed, saved to " + shown(target));
  }

  /**
   * The subfolders a line's output names ({@code autumn/leaves.mp4}), inside the output folder,
   * which must itself still be there: nothing outside it is ever made.
   */
  private void makeFolders(Path folder) throws IOException {
    Path current = options.outputDir();
    for (Path part : options.outputDir().relativize(folder)) {
      if (part.toString().isEmpty()) {
        continue;
      }
      current = current.resolve(part);
      if (!Files.isDirectory(current)) {
        try {
          Files.createDirectory(current);
        } catch (FileAlreadyExistsException raced) {
          if (!Files.isDirectory(current)) {
            throw raced;
          }
        }
      }
    }
  }

  private void failed(int line, VideoJob job, String why) {
    failed.incrementAndGet();
    String reason =
        why != null
            ? why
            : JobOutput.failureSentence(job).replaceFirst("^Job " + job.id() + " ", "");
    if (options.json() && job != null) {
      ObjectNode node = output.tree(job);
      ObjectNode batch = node.putObject("batch");
      batch.put("file", options.batchName());
      batch.put("line", line);
      batch.putNull("output");
      batch.putNull("download");
      if (why != null) {
        batch.put("problem", why);
      }
      display.result(output.line(node));
    } else if (options.json()) {
      // No job was even made: the problem goes to stderr, stdout keeps only job documents.
      context.note("line " + line + ": " + reason);
    } else {
      display.result(
          Visible.text("line " + line + ": " + (job == null ? "" : job.id() + " ") + reason));
    }
  }

  private void report(BatchLine line, VideoJob job, Path target, String download, String text) {
    if (options.json()) {
      ObjectNode node = output.tree(job);
      ObjectNode batch = node.putObject("batch");
      batch.put("file", options.batchName());
      batch.put("line", line.line());
      batch.put("output", target.toString());
      batch.put("download", download);
      display.result(output.line(node));
    } else {
      display.result(Visible.text("line " + line.line() + ": " + job.id() + " " + text));
    }
  }

  private Path target(BatchLine line, VideoJob job) {
    String name = line.output() != null ? line.output() : line.line() + "-" + job.id() + ".mp4";
    return options.outputDir().resolve(name).toAbsolutePath().normalize();
  }

  private String shown(Path target) {
    Path relative = context.workingDir().relativize(target);
    return relative.toString().startsWith("..") ? target.toString() : relative.toString();
  }

  private boolean pastDeadline() {
    return options.giveUpAt() != null && !clock.instant().isBefore(options.giveUpAt());
  }

  /** The terminal's status line. */
  String statusLine() {
    int done = completed.get() + alreadySaved.get() + failed.get();
    int waiting = Math.max(0, total - started.get() - skipped.get());
    Duration elapsed = Duration.between(startedAt, clock.instant());
    return "batch "
        + Visible.text(options.batchName())
        + ": "
        + done
        + "/"
        + total
        + " done · "
        + failed.get()
        + " failed · "
        + active.get()
        + " in flight · "
        + waiting
        + " waiting · "
        + Durations.format(elapsed)
        + " elapsed · "
        + eta(total - done, elapsed);
  }

  private String eta(int remaining, Duration elapsed) {
    if (remaining <= 0) {
      return "ETA: done";
    }
    int finished = waitedFor.get();
    if (finished > 0 && !elapsed.isZero()) {
      double perJob = (double) elapsed.toMillis() / finished;
      return "ETA ~" + Durations.format(Duration.ofMillis((long) (perJob * remaining)));
    }
    if (history.hasHistory()) {
      long rounds = (remaining + options.workers() - 1) / options.workers();
      return "ETA ~" + Durations.format(history.typical().multipliedBy(rounds));
    }
    return "ETA: no history yet";
  }

  /** Ctrl-C: stop taking lines, say what happened and how to go on. The jobs go on. */
  private void interrupted() {
    stop.set(true);
    display.close();
    int done = completed.get() + alreadySaved.get() + failed.get();
    context.note(
        "Stopped: "
            + done
            + " of "
            + total
            + " lines done; jobs already submitted go on at the gateway. "
            + options.resumeHint());
  }
}
