package dev.videoagent.core.port;

import dev.videoagent.core.StoredContent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where finished videos are kept, one per job. A video becomes visible only when it is committed,
 * and only when the bytes written match the SHA-256 and the size given at commit: a half-written or
 * corrupted video is never served.
 */
public interface VideoStore {

  /** Starts writing a job's video; nothing is visible to readers until it is committed. */
  PendingVideo begin(String jobId) throws IOException;

  /** The job's stored video, if there is one. */
  Optional<VideoContent> find(String jobId) throws IOException;

  /** Removes a job's stored video; no error when there is none. */
  void delete(String jobId) throws IOException;

  /**
   * A link that lets anyone holding it read the job's stored video for {@code validFor}, where the
   * store can sign one (object storage); empty where it cannot (a folder on this machine).
   */
  default Optional<URI> temporaryLink(String jobId, Duration validFor) throws IOException {
    return Optional.empty();
  }

  /** A video being written. Closing it without committing discards what was written. */
  interface PendingVideo extends Closeable {
    OutputStream output();

    /**
     * Atomically replaces any earlier video of the job with what was written.
     *
     * @throws IOException when what was written has another size or SHA-256 than {@code content}
     *     says; nothing is stored and any earlier video is kept
     */
    void commit(StoredContent content) throws IOException;
  }

  /** A stored video, readable from any offset (for HTTP range requests). */
  interface VideoContent {
    long size();

    String contentType();

    /** Opens the bytes from {@code offset} to the end; the caller closes the stream. */
    InputStream open(long offset) throws IOException;

    /**
     * Opens {@code length} bytes from {@code offset} (an HTTP range); the stream may go on past
     * them, so the caller reads no more than it asked for and closes the stream.
     */
    default InputStream open(long offset, long length) throws IOException {
      return open(offset);
    }
  }
}
