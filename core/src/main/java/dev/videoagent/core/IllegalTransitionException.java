package dev.videoagent.core;

/** A status change the state machine forbids: a bug in the caller, never ignored. */
public final class IllegalTransitionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(String jobId, JobStatus from, JobStatus to) {
    super("job " + jobId + " cannot move from " + from.wireName() + " to " + to.wireName());
  }
}
