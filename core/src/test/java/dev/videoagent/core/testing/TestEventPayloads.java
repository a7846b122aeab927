package dev.videoagent.core.testing;

import dev.videoagent.core.JobEventType;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.port.EventPayloads;
import java.time.Instant;

/** A payload that names what tests check: the type, the time, the job and what it showed. */
public final class TestEventPayloads implements EventPayloads {

  @Override
  public String render(JobEventType type, Instant occurredAt, VideoJob job) {
    return type.wireName()
        + " at "
        + occurredAt
        + " of "
        + job.id()
        + ": "
        + job.status().wireName()
        + (job.content() == null ? "" : " with " + job.content().sha256());
  }
}
