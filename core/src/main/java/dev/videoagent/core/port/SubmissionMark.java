package dev.videoagent.core.port;

import dev.videoagent.core.VideoJob;
import java.util.Objects;

/**
 * What {@link JobRepository#markSubmission} did. The cap check and the attempt mark are one atomic
 * step, so each case says exactly what was written.
 */
public sealed interface SubmissionMark {

  /** The attempt mark is stored: the job holds an in-flight slot and may be sent. */
  record Marked(VideoJob job) implements SubmissionMark {
    public Marked {
      Objects.requireNonNull(job, "job");
    }
  }

  /** Every slot is taken; nothing was written and the job keeps its place in line. */
  record CapReached() implements SubmissionMark {}

  /** Another writer changed the job first; nothing was written. Re-read it and decide again. */
  record Outdated() implements SubmissionMark {}
}
