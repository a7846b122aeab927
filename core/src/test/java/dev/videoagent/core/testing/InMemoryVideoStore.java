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

/** Videos as byte arrays, with the same commit-or-discard rule as the real store. */
public final class InMemoryVideoStore implements VideoStore {
  private final Map<String, Stored> videos = new ConcurrentHashMap<>();

  private record Stored(byte[] bytes, String contentType) {}

  @Override
  public PendingVideo begin(String jobId) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new PendingVideo() {
      @Override
      public OutputStream output() {
        return buffer;
      }

      @Override
      public void commit(StoredContent content) {
        videos.put(jobId, new Stored(buffer.toByteArray(), content.contentType()));
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Optional<VideoContent> find(String jobId) {
    Stored stored = videos.get(jobId);
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
            return stored.contentType();
          }

          @Override
          public InputStream open(long offset) {
            byte[] tail = Arrays.copyOfRange(stored.bytes(), (int) offset, stored.bytes().length);
            return new ByteArrayInputStream(tail);
          }
        });
  }

  @Override
  public void delete(String jobId) {
    videos.remove(jobId);
  }

  public Optional<byte[]> bytesOf(String jobId) {
    return Optional.ofNullable(videos.get(jobId)).map(Stored::bytes);
  }
}
