package dev.videoagent.cli;

/** The exit codes of the contract; {@code docs/cli.md} says which command returns which. */
final class ExitCode {
  /** The command did what was asked. */
  static final int OK = 0;

  /** The job failed or was canceled (its error code and message are on stderr). */
  static final int JOB_FAILED = 1;

  /** A bad flag or argument, an unknown job id, or missing or invalid configuration. */
  static final int USAGE = 2;

  /**
   * The gateway or network could not be reached, or a wait ran out of time: nothing is lost, the
   * job is kept and the same command (or {@code videoagent wait ID}) picks it up later.
   */
  static final int UNAVAILABLE = 3;

  /** Ctrl-C while waiting: the shell's convention, 128 + SIGINT. */
  static final int INTERRUPTED = 130;

  private ExitCode() {}
}
