package dev.videoagent.core.port;

/** Source of job ids and per-job secrets. */
public interface IdGenerator {

  /** A new unique job id that sorts after every id made before it (by time, to the millisecond). */
  String newJobId();

  /** A new unguessable secret (at least 128 bits), URL-safe. */
  String newSecret();
}
