package dev.videoagent.embedded;

/**
 * Hears about the changes to the agent's tenant's jobs, read from the database's change record
 * after they were committed: those made by this agent (its background tracker after {@link
 * VideoAgent#start()}, its waits, {@link VideoAgent#cancel}, {@link VideoAgent#retry}) and those
 * made by any other process on the same database (a service, the command line, another agent),
 * within about 200 ms. The events are those of the REST service's streams and webhooks ({@link
 * VideoEventType}); a listener hears of the changes made after it was registered and, even when the
 * agent is closed right after one, of every change committed before {@link VideoAgent#close()}.
 *
 * <p>Calls come one at a time, in the record's order, on the agent's single event thread ({@code
 * videoagent-events}), never on the caller's thread or a tracker thread. A listener should return
 * quickly: a slow one delays the next events (never the tracking itself). An exception thrown by a
 * listener is logged and otherwise ignored. Each change is reported once per agent.
 *
 * <p>Every method does nothing by default, so implement only the one you need. For each event,
 * {@link #onEvent} comes first, then {@link #statusChanged} (for a status reached) or {@link
 * #videoStored}. Implementations are called from one thread at a time, but that thread is not
 * yours: share state with your own code safely.
 */
public interface VideoListener {

  /**
   * Any event of the change record: a status reached, or the video stored.
   *
   * @param event what happened, with the job as that change left it
   */
  default void onEvent(VideoEvent event) {}

  /**
   * A job's status changed, e.g. {@code queued → processing} or {@code processing → failed}.
   *
   * @param video the job as the change left it
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
