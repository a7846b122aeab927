package dev.videoagent.core.usecase;

import dev.videoagent.core.VideoJob;

/**
 * What a {@link BackgroundTracker} tells its host: job changes (for listeners, metrics, event
 * streams) and trouble (for logs and health). Called on tracker threads; must not block for long.
 */
public interface TrackerListener {

  /** A refresh changed the job's status, stored content or error. */
  default void changed(VideoJob before, VideoJob after) {}

  /** Advancing a job threw; the job is left for a later round. */
  default void jobFailed(VideoJob job, RuntimeException error) {}

  /** A whole round failed (the database did not answer); the loop goes on after a pause. */
  default void roundFailed(RuntimeException error) {}

  /**
   * Tracking stopped keeping up: jobs that could move did not for a while, or the most overdue job
   * is very late. Told once when it starts, not once per job or round.
   */
  default void stalled(TrackerStatus status) {}

  /** Tracking keeps up again after {@link #stalled}. */
  default void recovered(TrackerStatus status) {}

  static TrackerListener none() {
    return new TrackerListener() {};
  }
}
