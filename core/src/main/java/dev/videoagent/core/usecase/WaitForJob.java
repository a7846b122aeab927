package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Waits for one job to settle (terminal, with its video stored when it completed), advancing it
 * whenever it is due, so a job is finished even when no service runs. Sleeps until the job's next
 * check rather than on a fixed beat.
 *
 * <p>The one wait loop: each step reads the job, advances it when due, and either ends the wait or
 * says how long to nap. {@link #await} runs the steps on the calling thread (the command line);
 * {@link #start} runs them on an executor and naps on a scheduler, holding no thread (the library).
 * What differs between callers comes in through {@link Hooks}.
 */
public final class WaitForJob {
  /** Checks the database at least this often, for changes made by other processes. */
  static final Duration LONGEST_NAP = Duration.ofSeconds(5);

  /** Never spins: a job held by another worker is looked at again after this at the earliest. */
  static final Duration SHORTEST_NAP = Duration.ofMillis(250);

  /**
   * A job the in-flight cap turned away looks again after this: a slot frees when another job
   * finishes, which takes seconds to minutes, so asking every {@link #SHORTEST_NAP} would only load
   * the database. An asynchronous wait can be woken sooner ({@link PendingWait#wakeUp}).
   */
  static final Duration SLOT_NAP = Duration.ofSeconds(2);

  private final JobRepository jobs;
  private final JobStore store;
  private final AdvanceJob advanceJob;
  private final Clock clock;
  private final Sleeper sleeper;

  /**
   * @param sleeper how {@link #await} naps between steps
   */
  public WaitForJob(JobRepository jobs, AdvanceJob advanceJob, Clock clock, Sleeper sleeper) {
    this.jobs = jobs;
    this.store = new JobStore(jobs);
    this.advanceJob = advanceJob;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * @param timeout how long to wait at most
   * @param onChange told of every change seen (status, content, error), and of the first state
   * @throws InterruptedException when the waiting thread is interrupted (the job goes on)
   */
  public WaitResult await(Access access, String id, Duration timeout, Consumer<VideoJob> onChange)
      throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(onChange, "onChange");
    return await(
        access,
        id,
        timeout,
        new Hooks() {
          @Override
          public void changed(VideoJob job) {
            onChange.accept(job);
          }
        });
  }

  /**
   * Waits on this thread, which also makes the gateway calls of each step.
   *
   * @param timeout how long to wait at most, or {@code null} for as long as the job takes (its own
   *     deadline still ends it)
   * @throws InterruptedException when the waiting thread is interrupted (the job goes on)
   */
  public WaitResult await(Access access, String id, Duration timeout, Hooks hooks)
      throws InterruptedException {
    Wait wait = new Wait(access, id, timeout, hooks);
    while (true) {
      Step step = wait.step();
      if (step.result() != null) {
        return step.result();
      }
      sleeper.sleep(step.nap());
    }
  }

  /**
   * Starts waiting without holding a thread: each step runs on {@code steps}, each nap is a task of
   * {@code scheduler}. Not even the first step runs on the caller's thread, so the caller can never
   * be the thread that submits: an interrupt there makes an HTTP client abandon its call, and a
   * submission abandoned midway must be recorded as {@code submission_unknown} (it may have been
   * billed). The wait's result completes exceptionally with what a step threw (a refused key, a
   * database fault), or when the scheduler refuses the next nap (it is shutting down).
   *
   * @param timeout how long to wait at most, or {@code null} for as long as the job takes
   */
  public PendingWait start(
      Access access,
      String id,
      Duration timeout,
      Hooks hooks,
      Executor steps,
      Scheduler scheduler) {
    PendingWait pending = new PendingWait(new Wait(access, id, timeout, hooks), steps, scheduler);
    pending.schedule(Duration.ZERO);
    return pending;
  }

  /** What a caller plugs into a wait; every method has a neutral default. */
  public interface Hooks {
    /**
     * Whether the next step advances the job (submit, read, download), or only reads it because a
     * tracker of this process drives it. Asked at every step.
     */
    default boolean drives() {
      return true;
    }

    /** Every state a step saw: as read, and as the step left it (the same when only reading). */
    default void looked(VideoJob before, VideoJob after) {}

    /** The first state seen, and then each change a user would see. */
    default void changed(VideoJob job) {}

    /**
     * Asked after each step that left the job unsettled; {@code false} ends the wait with {@link
     * WaitResult.Stopped}. The place for a caller's own checks between steps.
     *
     * @param turnedAway whether the in-flight cap just turned the job away (it keeps its place)
     */
    default boolean keepWaiting(VideoJob job, boolean turnedAway) {
      return true;
    }

    /** The longest nap between steps: how soon changes by other processes are seen. */
    default Duration longestNap() {
      return LONGEST_NAP;
    }

    /** The nap between steps that only read the job, or when it has no next check. */
    default Duration watchInterval() {
      return LONGEST_NAP;
    }
  }

  /** Runs a task once after a delay, for {@link #start}. */
  @FunctionalInterface
  public interface Scheduler {
    /**
     * @throws RejectedExecutionException when it takes no more tasks (it is shutting down)
     */
    Future<?> schedule(Runnable task, Duration delay);
  }

  /** How a wait ended. */
  public sealed interface WaitResult {
    /** The job is terminal and, if completed, its video is stored (or its download gave up). */
    record Settled(VideoJob job) implements WaitResult {}

    /** The wait's own timeout passed first; the job goes on. */
    record TimedOut(VideoJob job) implements WaitResult {}

    /** A hook ended the wait ({@link Hooks#keepWaiting}); the job goes on. */
    record Stopped(VideoJob job) implements WaitResult {}

    /** No such job for this caller. */
    record NotFound(String id) implements WaitResult {}
  }

  /** What a step decided: the end of the wait, or a nap before the next step. */
  private record Step(WaitResult result, Duration nap) {
    static Step done(WaitResult result) {
      return new Step(result, null);
    }
  }

  /** One wait: what it looks for, what it saw last. Its steps never overlap. */
  private final class Wait {
    final Access access;
    final String id;
    final Instant giveUpAt;
    final Hooks hooks;
    private VideoJob seen;
    private volatile boolean turnedAway;

    Wait(Access access, String id, Duration timeout, Hooks hooks) {
      this.access = Objects.requireNonNull(access, "access");
      this.id = Objects.requireNonNull(id, "id");
      this.hooks = Objects.requireNonNull(hooks, "hooks");
      this.giveUpAt = timeout == null ? null : clock.instant().plus(timeout);
    }

    Clock clock() {
      return clock;
    }

    /** One look at the job, advancing it when it is due and the wait drives it. */
    Step step() {
      Optional<VideoJob> found = store.find(access, id);
      if (found.isEmpty()) {
        return Step.done(new WaitResult.NotFound(id));
      }
      VideoJob read = found.get();
      boolean driving = hooks.drives();
      VideoJob job = driving ? advanceJob.refresh(read) : read;
      hooks.looked(read, job);
      if (seen == null || job.visiblyChangedFrom(seen)) {
        hooks.changed(job);
      }
      seen = job;
      if (job.isSettled()) {
        return Step.done(new WaitResult.Settled(job));
      }
      Instant now = clock.instant();
      if (giveUpAt != null && !now.isBefore(giveUpAt)) {
        return Step.done(new WaitResult.TimedOut(job));
      }
      // Still due after driving it: the cap turned it away (it keeps its place in line).
      boolean turned = driving && job.waitsForSlot() && job.isDue(now);
      if (!hooks.keepWaiting(job, turned)) {
        return Step.done(new WaitResult.Stopped(job));
      }
      turnedAway = turned;
      return new Step(null, nap(job, now, driving));
    }

    private Duration nap(VideoJob job, Instant now, boolean driving) {
      Instant wake;
      if (!driving || job.nextCheckAt() == null) {
        wake = now.plus(hooks.watchInterval());
      } else if (job.waitsForSlot() && job.isDue(now)) {
        wake = now.plus(SLOT_NAP);
      } else {
        wake = job.nextCheckAt();
      }
      if (giveUpAt != null && wake.isAfter(giveUpAt)) {
        wake = giveUpAt;
      }
      Duration nap = Duration.between(now, wake);
      if (nap.compareTo(hooks.longestNap()) > 0) {
        return hooks.longestNap();
      }
      // Watching only reads the database, so it may look again right at the timeout.
      Duration shortest = driving ? SHORTEST_NAP : Duration.ZERO;
      return nap.compareTo(shortest) < 0 ? shortest : nap;
    }
  }

  /** A wait started with {@link #start}: its result, and ways to make it look sooner. */
  public static final class PendingWait {
    private final Wait wait;
    private final Executor steps;
    private final Scheduler scheduler;
    private final CompletableFuture<WaitResult> result = new CompletableFuture<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean stepping = new AtomicBoolean();
    private volatile Future<?> next;
    private volatile Instant nextAt;

    private PendingWait(Wait wait, Executor steps, Scheduler scheduler) {
      this.wait = wait;
      this.steps = steps;
      this.scheduler = scheduler;
      result.whenComplete(
          (done, error) -> {
            Future<?> planned = next;
            if (planned != null) {
              planned.cancel(false);
            }
          });
    }

    public String jobId() {
      return wait.id;
    }

    /** Completes once the wait ends; cancelling it ends the wait (the job goes on). */
    public CompletableFuture<WaitResult> result() {
      return result;
    }

    /** Whether the in-flight cap turned the job away at the last step and no step runs now. */
    public boolean turnedAway() {
      return wait.turnedAway && !stepping.get() && !result.isDone();
    }

    /** Looks again at once instead of at the planned time (a slot may have freed up, say). */
    public void wakeUp() {
      wait.turnedAway = false;
      schedule(Duration.ZERO);
    }

    /**
     * A state of the job that another thread saw: a settled job ends the wait at once; a job that
     * became due sooner than the wait meant to look (another worker moved it) is looked at then.
     */
    public void seen(VideoJob job) {
      if (!job.id().equals(wait.id) || result.isDone()) {
        return;
      }
      if (job.isSettled()) {
        result.complete(new WaitResult.Settled(job));
        return;
      }
      if (stepping.get() || job.nextCheckAt() == null || !wait.hooks.drives()) {
        return;
      }
      Instant now = wait.clock().instant();
      Instant due = job.nextCheckAt().isBefore(now) ? now : job.nextCheckAt();
      Instant planned = nextAt;
      if (planned != null && due.plus(SHORTEST_NAP).isBefore(planned)) {
        schedule(Duration.between(now, due));
      }
    }

    /**
     * Plans the next step, replacing any planned before: each plan has a new generation, and a step
     * of an older one does nothing, so one wait never has two chains of steps.
     */
    private void schedule(Duration delay) {
      if (result.isDone()) {
        return;
      }
      long planned = generation.incrementAndGet();
      Future<?> previous = next;
      if (previous != null) {
        previous.cancel(false);
      }
      try {
        nextAt = wait.clock().instant().plus(delay);
        next = scheduler.schedule(() -> handOver(planned), delay);
      } catch (RejectedExecutionException closing) {
        result.completeExceptionally(
            new IllegalStateException(
                "The wait for " + wait.id + " ended because its scheduler was closed.", closing));
      }
    }

    /** Runs on the scheduler's thread: hands the step to the executor, never runs it there. */
    private void handOver(long planned) {
      if (result.isDone() || generation.get() != planned) {
        return;
      }
      try {
        steps.execute(() -> step(planned));
      } catch (RejectedExecutionException busy) {
        // A full pool refuses work; try again shortly rather than fail the wait.
        schedule(SHORTEST_NAP);
      }
    }

    private void step(long planned) {
      if (result.isDone() || generation.get() != planned || !stepping.compareAndSet(false, true)) {
        return;
      }
      try {
        Step step = wait.step();
        if (step.result() != null) {
          result.complete(step.result());
        } else {
          schedule(step.nap());
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      } finally {
        stepping.set(false);
      }
    }
  }
}
