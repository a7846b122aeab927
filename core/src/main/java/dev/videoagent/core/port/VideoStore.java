package dev.videoagent.core.port;

import dev.videoagent.core.StoredContent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Where finished videos are kept, one per job. */
public interface VideoStore {

  /** Starts writing a job's video; nothing is visible to readers until it is committed. */
  PendingVideo begin(String jobId) throws IOException;

  /** The job's stored video, if there is one. */
  Optional<VideoContent> find(String jobId) throws IOException;

  /** Removes a job's stored video; no error when there is none. */
  void delete(String jobId) throws IOException;

  /** A video being written. Closing it without committing discards what was written. */
  interface PendingVideo extends Closeable {
    OutputStream output();

    /** Atomically replaces any earlier video of the job with what was written. */
    void commit(StoredContent content) throws IOException;
  }

  /** A stored video, readable from any offset (for HTTP range requests). */
  interface VideoContent {
    long size();

    String contentType();

    /** Opens the bytes from {@code offset} to the end; the caller closes the stream. */
    InputStream open(long offset) throws IOException;
  }
}
