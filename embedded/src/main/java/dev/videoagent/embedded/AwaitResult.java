package dev.videoagent.embedded;

import java.util.Objects;

/**
 * How a wait for a job ended: {@link Finished}, {@link TimedOut} or {@link NotFound}. On Java 17
 * tell them apart with {@code instanceof}, or call {@link #videoOrThrow()} when anything but a
 * finished job is an error for you.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface AwaitResult
    permits AwaitResult.Finished, AwaitResult.TimedOut, AwaitResult.NotFound {

  /**
   * Tells whether the job settled before the wait's timeout.
   *
   * @return true for {@link Finished}
   */
  boolean isFinished();

  /**
   * The settled job, or an exception saying why there is none.
   *
   * @return the job of a {@link Finished} result; it may still have failed or been canceled: check
   *     {@link Video#status()}
   * @throws VideoTimeoutException for {@link TimedOut}; the job goes on
   * @throws VideoNotFoundException for {@link NotFound}
   */
  Video videoOrThrow();

  /**
   * The job settled: its status is final and, when completed, its video is stored (or its download
   * was given up, see {@link Video#error()}).
   *
   * @param video the job as settled
   */
  record Finished(Video video) implements AwaitResult {
    /**
     * Checks that the job is there.
     *
     * @param video the job as settled
     * @throws NullPointerException when {@code video} is null
     */
    public Finished {
      Objects.requireNonNull(video, "video");
    }

    @Override
    public boolean isFinished() {
      return true;
    }

    @Override
    public Video videoOrThrow() {
      return video;
    }
  }

  /**
   * The wait's timeout passed first. The job is not affected: it goes on, and can be awaited again.
   *
   * @param video the job as last seen
   */
  record TimedOut(Video video) implements AwaitResult {
    /**
     * Checks that the job is there.
     *
     * @param video the job as last seen
     * @throws NullPointerException when {@code video} is null
     */
    public TimedOut {
      Objects.requireNonNull(video, "video");
    }

    @Override
    public boolean isFinished() {
      return false;
    }

    @Override
    public Video videoOrThrow() {
      throw new VideoTimeoutException(video);
    }
  }

  /**
   * No job has this id (for this agent's tenant).
   *
   * @param id the id that was asked for
   */
  record NotFound(String id) implements AwaitResult {
    /**
     * Checks that the id is there.
     *
     * @param id the id that was asked for
     * @throws NullPointerException when {@code id} is null
     */
    public NotFound {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public boolean isFinished() {
      return false;
    }

    @Override
    public Video videoOrThrow() {
      throw new VideoNotFoundException(id);
    }
  }
}
