package dev.videoagent.cli;

/**
 * Ends a command with one sentence on stderr and an exit code. Thrown by commands for expected
 * outcomes (an unknown id, a job that cannot be canceled); {@link ErrorReporter} prints it.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }

  static CliException noSuchJob(String id) {
    return usage("No job " + id + " was found.");
  }
}
