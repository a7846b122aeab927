package dev.videoagent.cli;

import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.events.EventCursor;
import dev.videoagent.assembly.events.EventFeed;
import dev.videoagent.assembly.events.EventFilter;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.usecase.AdvanceDueJobs;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videoagent events [ID]}: the change record as it happens, from this database. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Prints job events as they happen: video.queued, video.processing, video.completed,"
          + " video.stored, video.failed, video.canceled.",
      "",
      "Reads the database's change record, so it shows changes made by any process (a service,"
          + " another command). Like 'wait', it also advances the due jobs itself while it"
          + " watches, so it works with no service running. With an ID: that job's latest event"
          + " first, then each change, until the job is settled. Without: every new event, until"
          + " Ctrl-C or --timeout.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  videoagent events vid_01JD5Z8K3V0000000000000000",
      "  videoagent events --json | jq -r 'select(.type == \"video.stored\") | .data.id'",
      "",
      "Exit codes: with an ID as 'wait': 0 completed and stored, 1 failed or canceled, 2 no such"
          + " job or a configuration error, 3 the gateway could not be reached or --timeout"
          + " passed. Without an ID: 0 when --timeout passes."
    })
final class EventsCommand implements Callable<Integer> {
  /** How long the end of a job's stream waits for the feed to read the last committed events. */
  static final Duration CATCH_UP = Duration.ofSeconds(5);

  private final CliContext context;
  private final Sessions sessions;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "Only this job's events (vid_…); the command ends once it is settled.")
  String id;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description = "Stop watching after this long (90s, 15m, 2h). Default: see above.")
  Duration timeout;

  @Option(
      names = "--json",
      description =
          "One JSON document per line: the event exactly as webhooks and the REST stream carry it,"
              + " {\"type\", \"timestamp\", \"data\": <job>}.")
  boolean json;

  EventsCommand(CliContext context, Sessions sessions) {
    this.context = context;
    this.sessions = sessions;
  }

  @Override
  public Integer call() throws InterruptedException {
    try (Session session = sessions.open()) {
      Assembly assembly = session.get(Assembly.class);
      JobRepository jobs = assembly.jobs();
      EventFeed feed = assembly.eventFeed().start();
      Printer printer;
      if (id == null) {
        printer = new Printer(feed.cursor(EventFilter.all(), feed.position()));
      } else {
        if (jobs.findById(id).isEmpty()) {
          throw CliException.noSuchJob(id);
        }
        List<JobEvent> history = jobs.events(EventQuery.job(id, 0, EventQuery.MAX_LIMIT));
        long after = history.isEmpty() ? 0 : history.get(history.size() - 1).seq();
        printer = new Printer(feed.cursor(EventFilter.job(id), after));
        history.stream().skip(Math.max(0, history.size() - 1)).forEach(printer::print);
      }
      Runnable stopPrinting = feed.onNewEvents(printer::printNew);
      try {
        return id == null ? watchAll(session, printer) : watchJob(session, jobs, feed, printer);
      } finally {
        stopPrinting.run();
      }
    }
  }

  /** Advances the due jobs now and then and prints what happens, until the time is up. */
  private int watchAll(Session session, Printer printer) throws InterruptedException {
    AdvanceDueJobs advance = session.get(AdvanceDueJobs.class);
    Clock clock = session.get(Clock.class);
    Instant until = timeout == null ? null : clock.instant().plus(timeout);
    int cap = session.settings().maxInFlight();
    while (until == null || clock.instant().isBefore(until)) {
      if (session.gatewayUsable()) {
        try {
          advance.runOnce(cap);
        } catch (RuntimeException e) {
          // The gateway or database is away for a moment: keep watching, like the tracker does.
          context.note("Could not advance the due jobs this time: " + e.getMessage());
        }
      }
      Thread.sleep(JobWaiter.SLICE.toMillis());
    }
    printer.printNew();
    return ExitCode.OK;
  }

  /** Waits for the job as {@code wait} does, printing its events meanwhile, then the rest. */
  private int watchJob(Session session, JobRepository jobs, EventFeed feed, Printer printer)
      throws InterruptedException {
    JobWaiter waiter = JobWaiter.of(session);
    Clock clock = session.get(Clock.class);
    Instant giveUpAt = timeout == null ? null : clock.instant().plus(timeout);
    JobWaiter.Outcome outcome = waiter.await(id, giveUpAt, job -> {}, () -> false);
    // The last events are committed; let the feed read them before the command ends.
    long last = jobs.lastEventSeq();
    long waitUntil = System.nanoTime() + CATCH_UP.toNanos();
    while (feed.position() < last && System.nanoTime() < waitUntil) {
      feed.wakeUp();
      Thread.sleep(20);
    }
    printer.printNew();
    if (outcome instanceof JobWaiter.Outcome.NotFound) {
      throw CliException.noSuchJob(id);
    }
    if (outcome instanceof JobWaiter.Outcome.Unreachable unreachable) {
      return new WaitFlow(context, session, json)
          .unreachable(unreachable.job(), waiter.probe(), null);
    }
    if (outcome instanceof JobWaiter.Outcome.OutOfCredit noCredit) {
      context.note(
          WaitFlow.outOfCreditSentence(noCredit, session.resumeHint("videoagent events " + id)));
      return ExitCode.UNAVAILABLE;
    }
    if (outcome instanceof JobWaiter.Outcome.GaveUp gaveUp) {
      context.note(
          "Job "
              + id
              + " is still "
              + gaveUp.job().status().wireName()
              + "; it goes on. "
              + session.resumeHint("videoagent events " + id));
      return ExitCode.UNAVAILABLE;
    }
    VideoJob job = ((JobWaiter.Outcome.Settled) outcome).job();
    if (job.status() == JobStatus.COMPLETED && job.content() != null) {
      return ExitCode.OK;
    }
    context.note(JobOutput.failureSentence(job));
    return ExitCode.JOB_FAILED;
  }

  /** Prints events from one cursor, from whichever thread has news, one line each. */
  private final class Printer {
    private final EventCursor cursor;

    Printer(EventCursor cursor) {
      this.cursor = cursor;
    }

    synchronized void printNew() {
      try {
        List<JobEvent> events;
        while (!(events = cursor.next(100)).isEmpty()) {
          events.forEach(this::print);
        }
      } catch (RuntimeException e) {
        context.note("Could not read the change record: " + e.getMessage());
      }
    }

    synchronized void print(JobEvent event) {
      PrintWriter out = context.out();
      if (json) {
        out.println(event.payload());
      } else {
        out.println(
            Visible.text(
                event.occurredAt()
                    + "  "
                    + String.format("%-17s", event.type().wireName())
                    + " "
                    + event.jobId()));
      }
      out.flush();
    }
  }
}
