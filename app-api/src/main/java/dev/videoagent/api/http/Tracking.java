package dev.videoagent.api.http;

import java.time.Duration;

/** What the routes need of the service's background tracker. */
public interface Tracking {

  /** Look for due jobs now (a job was created, retried or called back). */
  void wakeUp();

  boolean running();

  /** How late the most overdue job was in the last round. */
  Duration lag();

  /** Jobs being worked on right now. */
  int busy();

  /** Why the gateway could not be used lately (a refused key), or null. */
  String lastTrouble();
}
