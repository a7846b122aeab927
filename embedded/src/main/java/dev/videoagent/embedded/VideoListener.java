package dev.videoagent.embedded;

/**
 * Hears about job changes made by a {@link VideoAgent}: by its background tracker (after {@link
 * VideoAgent#start()}), by its waits ({@link VideoAgent#await}, {@link VideoAgent#awaitAsync}), and
 * by its {@link VideoAgent#cancel} and {@link VideoAgent#retry}. Changes made by another process on
 * the same database are heard when this agent next reads or works on the job.
 *
 * <p>Calls come one at a time, in order, on the agent's single event thread ({@code
 * videoagent-events}), never on the caller's thread or a tracker thread. A listener should return
 * quickly: a slow one delays the next events (never the tracking itself). An exception thrown by a
 * listener is logged and otherwise ignored. Each change is reported once per agent, even when its
 * tracker and a wait both see it.
 *
 * <p>Both methods do nothing by default, so implement only the one you need. Implementations are
 * called from one thread at a time, but that thread is not yours: share state with your own code
 * safely.
 */
public interface VideoListener {

  /**
   * A job's status changed, e.g. {@code queued → processing} or {@code processing → failed}.
   *
   * @param video the job as it is now
   * @param previous its status before the change
   */
  default void statusChanged(Video video, VideoStatus previous) {}

  /**
   * A completed job's video was downloaded, verified and stored: {@link VideoAgent#openVideo} and
   * {@link VideoAgent#saveVideo} now hand it out at once.
   *
   * @param video the job, with {@link Video#content()} set
   */
  default void videoStored(Video video) {}
}
