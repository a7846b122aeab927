package dev.videoagent.adapters.persistence;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.VideoStore;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Videos as files: {@code <folder>/<last two characters of the job id>/<job id>.mp4}. The shard
 * folders keep any one folder small with a million videos. A video is written to a hidden {@code
 * .<id>.<random>.part} file beside its final name and renamed over it on commit, so readers see the
 * old video or the new one, never half of one; the SHA-256 of what was written is checked first.
 * Folders are created 0700, files 0600.
 */
public final class FileVideoStore implements VideoStore {
  /** The only format the gateway delivers, and the one every stored video is served as. */
  public static final String CONTENT_TYPE = "video/mp4";

  private static final String VIDEO_SUFFIX = ".mp4";
  private static final String PART_SUFFIX = ".part";
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path folder;
  private final Clock clock;

  /**
   * @param folder where the videos live, e.g. {@code $VIDEOAGENT_HOME/videos}; created on first
   *     write
   */
  public FileVideoStore(Path folder) {
    this(folder, Clock.systemUTC());
  }

  /**
   * @param clock the clock {@link #removeStaleParts} compares file times with
   */
  public FileVideoStore(Path folder, Clock clock) {
    this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @throws IllegalArgumentException when {@code jobId} has characters other than letters, digits,
   *     {@code _} and {@code -} (so no id can name a path outside the folder)
   */
  @Override
  public PendingVideo begin(String jobId) throws IOException {
    Path target = videoFile(jobId);
    OwnerOnly.createFolders(target.getParent());
    Path part = OwnerOnly.createTempFile(target.getParent(), "." + jobId + ".", PART_SUFFIX);
    try {
      return new PendingFile(part, target);
    } catch (IOException e) {
      Files.deleteIfExists(part);
      throw e;
    }
  }

  @Override
  public Optional<VideoContent> find(String jobId) throws IOException {
    Path file = videoFile(jobId);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(new StoredFile(file, size));
  }

  @Override
  public void delete(String jobId) throws IOException {
    Files.deleteIfExists(videoFile(jobId));
  }

  /**
   * Deletes {@code .part} files last written more than {@code age} ago: writes that a crashed
   * process left behind. Reads every shard folder, so call it once at start-up, not per request.
   *
   * @return how many files were deleted
   */
  public int removeStaleParts(Duration age) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    Instant cutoff = clock.instant().minus(age);
    int removed = 0;
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(folder, Files::isDirectory)) {
      for (Path shard : shards) {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(shard, ".*" + PART_SUFFIX)) {
          for (Path part : parts) {
            if (isOlderThan(part, cutoff) && Files.deleteIfExists(part)) {
              removed++;
            }
          }
        }
      }
    }
    return removed;
  }

  private static boolean isOlderThan(Path file, Instant cutoff) throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    } catch (NoSuchFileException committedOrRemovedMeanwhile) {
      return false;
    }
  }

  private Path videoFile(String jobId) {
    StoredVideoIds.check(jobId);
    String shard = jobId.length() >= 2 ? jobId.substring(jobId.length() - 2) : "_" + jobId;
    return folder.resolve(shard).resolve(jobId + VIDEO_SUFFIX);
  }

  @Override
  public String toString() {
    return "FileVideoStore[" + folder + "]";
  }

  /** A video being written to its part file. */
  private static final class PendingFile implements PendingVideo {
    private final Path part;
    private final Path target;
    private final FileChannel channel;
    private final CountingOutput counting;
    private final OutputStream output;
    private boolean committed;
    private boolean closed;

    PendingFile(Path part, Path target) throws IOException {
      this.part = part;
      this.target = target;
      this.channel = FileChannel.open(part, StandardOpenOption.WRITE);
      this.counting = new CountingOutput(Channels.newOutputStream(channel));
      this.output = new BufferedOutputStream(counting, BUFFER_BYTES);
    }

    @Override
    public OutputStream output() {
      return output;
    }

    /**
     * @throws IllegalArgumentException when {@code content} is not {@value
     *     FileVideoStore#CONTENT_TYPE}
     * @throws IOException when fewer or more bytes were written than {@code content} says, or bytes
     *     with another SHA-256; the earlier video, if any, is kept
     */
    @Override
    public void commit(StoredContent content) throws IOException {
      if (committed || closed) {
        throw new IllegalStateException(
            "the video of " + target + " was already committed or closed");
      }
      CommitChecks.requireMp4(content);
      output.flush();
      CommitChecks.requireMatch(counting.written, counting.digest, content);
      // Data on disk before the rename, or a crash could leave a complete name over empty blocks.
      channel.force(true);
      channel.close();
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      committed = true;
      syncFolder(target.getParent());
    }

    /** Discards what was written unless it was committed. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (!committed) {
        channel.close();
        Files.deleteIfExists(part);
      }
    }

    /** Makes the rename durable. Not every platform can open a folder; there it stays in cache. */
    private static void syncFolder(Path folder) {
      try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
        directory.force(true);
      } catch (IOException | UnsupportedOperationException notSupportedHere) {
        // The video is committed either way; only its durability across a power cut differs.
      }
    }
  }

  /**
   * Counts and digests bytes on their way to the file. Closing it (as a caller's try-with-resources
   * does) only flushes: the file stays open until commit or close.
   */
  private static final class CountingOutput extends FilterOutputStream {
    private final MessageDigest digest = CommitChecks.newDigest();
    private long written;

    CountingOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      written += len;
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** A committed video file. */
  private record StoredFile(Path file, long size) implements VideoContent {
    @Override
    public String contentType() {
      return CONTENT_TYPE;
    }

    /**
     * @throws IllegalArgumentException when {@code offset} is negative or past the end
     */
    @Override
    public InputStream open(long offset) throws IOException {
      if (offset < 0 || offset > size) {
        throw new IllegalArgumentException(
            "offset " + offset + " is outside the video's " + size + " bytes");
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      try {
        channel.position(offset);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      return Channels.newInputStream(channel);
    }
  }
}
