package dev.videoagent.api.http;

import dev.videoagent.core.usecase.TrackerStatus;

/** What the routes need of the service's background tracker. */
public interface TrackerControls {

  /** Look for due jobs now (a job was created, retried or called back). */
  void wakeUp();

  boolean running();

  /**
   * How tracking stands, measured from the database now.
   *
   * @throws RuntimeException when the database does not answer and nothing was measured before
   *     (otherwise the last measurement is returned)
   */
  TrackerStatus status();
}
