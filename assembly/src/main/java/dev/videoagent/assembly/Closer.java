package dev.videoagent.assembly;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what the wiring opened (database pool, sandbox server), last opened first. One per
 * injector; the CLI and the service close it on the way out.
 */
public final class Closer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Closer.class);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  public synchronized <T extends AutoCloseable> T register(T resource) {
    resources.push(resource);
    return resource;
  }

  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("could not close {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
