package dev.videoagent.core.testing;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.VideoStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Videos as byte arrays, with the same commit-or-discard rule as the real store, counting what was
 * begun and discarded so tests can check that a partial video never became the stored one.
 */
public final class InMemoryVideoStore implements VideoStore {
  private final Map<String, Committed> videos = new ConcurrentHashMap<>();
  private final AtomicInteger begun = new AtomicInteger();
  private final AtomicInteger discarded = new AtomicInteger();

  /** A committed video: the bytes as written and the content record given at commit. */
  public record Committed(byte[] bytes, StoredContent content) {}

  @Override
  public PendingVideo begin(String jobId) {
    begun.incrementAndGet();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new PendingVideo() {
      private boolean committed;

      @Override
      public OutputStream output() {
        return buffer;
      }

      @Override
      public void commit(StoredContent content) {
        videos.put(jobId, new Committed(buffer.toByteArray(), content));
        committed = true;
      }

      @Override
      public void close() {
        if (!committed) {
          discarded.incrementAndGet();
        }
      }
    };
  }

  @Override
  public Optional<VideoContent> find(String jobId) {
    Committed stored = videos.get(jobId);
    if (stored == null) {
      return Optional.empty();
    }
    return Optional.of(
        new VideoContent() {
          @Override
          public long size() {
            return stored.bytes().length;
          }

          @Override
          public String contentType() {
            return stored.content().contentType();
          }

          @Override
          public InputStream open(long offset) {
            return new ByteArrayInputStream(
                Arrays.copyOfRange(stored.bytes(), (int) offset, stored.bytes().length));
          }
        });
  }

  @Override
  public void delete(String jobId) {
    videos.remove(jobId);
  }

  public Optional<Committed> committed(String jobId) {
    return Optional.ofNullable(videos.get(jobId));
  }

  public int committedCount() {
    return videos.size();
  }

  public int begun() {
    return begun.get();
  }

  public int discarded() {
    return discarded.get();
  }

  public Optional<byte[]> bytesOf(String jobId) {
    return committed(jobId).map(Committed::bytes);
  }
}
