package dev.videoagent.cli;

/**
 * What Ctrl-C does while a command waits: it stops the waiting, never the job. Production runs the
 * registered action in a JVM shutdown hook (the JVM then exits with 130); tests use {@link
 * #none()}.
 */
interface Interrupts {

  /** Runs {@code action} on Ctrl-C until the returned registration is closed. */
  Registration onInterrupt(Runnable action);

  /** An action registered for Ctrl-C; closing it means the command ended normally. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  static Interrupts none() {
    return action -> () -> {};
  }

  static Interrupts jvmShutdownHooks() {
    return action -> {
      Thread hook = new Thread(action, "videoagent-ctrl-c");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is already running (Ctrl-C came in): nothing to remove.
        }
      };
    };
  }
}
