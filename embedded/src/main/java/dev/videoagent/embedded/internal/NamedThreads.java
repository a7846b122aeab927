package dev.videoagent.embedded.internal;

import dev.videoagent.assembly.DaemonThreads;

/**
 * The agent's own daemon threads ({@code videoagent-<role>-<n>}): the wait timer and the event
 * thread. The assembly makes the others (tracker, workers) the same way.
 */
final class NamedThreads extends DaemonThreads {
  NamedThreads(String role) {
    super(role);
  }
}
