package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.port.VideoStore.PendingVideo;
import dev.videoagent.core.port.VideoStore.VideoContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VideoStore} must do, run against each implementation (the folder store, the
 * object store on a real S3 API). Extend it and give {@link #newStore()}: a store with nothing in
 * it.
 */
public abstract class VideoStoreContract {
  private static final String MP4 = "video/mp4";

  protected VideoStore store;
  private int nextId;

  /** A store holding no videos yet. */
  protected abstract VideoStore newStore() throws Exception;

  /**
   * How large the large-stream test's video is: larger than any buffer or part size of the store,
   * and not a multiple of one.
   */
  protected long largeVideoBytes() {
    return 40L * 1024 * 1024 + 12_345;
  }

  @BeforeEach
  final void makeStore() throws Exception {
    store = newStore();
  }

  protected final String newJobId() {
    return "vid_contract" + (nextId++) + "x" + System.nanoTime() % 1000;
  }

  @Test
  void aCommittedVideoIsReadBackWholeAndNothingOfItIsVisibleBefore() throws IOException {
    String id = newJobId();
    byte[] video = sample(300_000, 1);
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(video, 0, 100_000);
      assertThat(store.find(id)).isEmpty();
      pending.output().write(video, 100_000, video.length - 100_000);
      pending.output().flush();
      assertThat(store.find(id)).isEmpty();
      pending.commit(contentOf(video));
    }
    VideoContent content = store.find(id).orElseThrow();
    assertThat(content.size()).isEqualTo(video.length);
    assertThat(content.contentType()).isEqualTo(MP4);
    assertThat(read(content, 0)).isEqualTo(video);
  }

  @Test
  void anUnknownVideoIsNotFound() throws IOException {
    assertThat(store.find(newJobId())).isEmpty();
  }

  @Test
  void closingWithoutCommitStoresNothing() throws IOException {
    String id = newJobId();
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(bytes("half a video"));
    }
    assertThat(store.find(id)).isEmpty();
  }

  @Test
  void aFailureWhileWritingLeavesTheEarlierVideoAndNothingHalfWritten() throws IOException {
    String id = newJobId();
    store(id, bytes("the earlier video"));
    byte[] next = sample(200_000, 2);
    assertThatThrownBy(
            () -> {
              try (PendingVideo pending = store.begin(id)) {
                pending.output().write(next, 0, 150_000);
                throw new IOException("the download broke off");
              }
            })
        .hasMessage("the download broke off");
    assertThat(read(store.find(id).orElseThrow(), 0)).isEqualTo(bytes("the earlier video"));
  }

  @Test
  void aReplacementIsInvisibleUntilItIsCommitted() throws IOException {
    String id = newJobId();
    store(id, bytes("old video"));
    byte[] replacement = sample(120_000, 3);
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(replacement);
      pending.output().flush();
      assertThat(read(store.find(id).orElseThrow(), 0)).isEqualTo(bytes("old video"));
      pending.commit(contentOf(replacement));
    }
    assertThat(read(store.find(id).orElseThrow(), 0)).isEqualTo(replacement);
  }

  @Test
  void aVideoWhoseSha256DoesNotMatchIsRefusedAndTheEarlierOneKept() throws IOException {
    String id = newJobId();
    store(id, bytes("good video"));
    byte[] tampered = bytes("tampered video");
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(tampered);
      StoredContent claimed = new StoredContent(sha256(bytes("other")), tampered.length, MP4);
      assertThatThrownBy(() -> pending.commit(claimed))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("SHA-256");
    }
    assertThat(read(store.find(id).orElseThrow(), 0)).isEqualTo(bytes("good video"));
  }

  @Test
  void aVideoWhoseSizeDoesNotMatchIsRefused() throws IOException {
    String id = newJobId();
    byte[] video = bytes("truncated video");
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(video, 0, 7);
      assertThatThrownBy(() -> pending.commit(contentOf(video))).isInstanceOf(IOException.class);
    }
    assertThat(store.find(id)).isEmpty();
  }

  @Test
  void aVideoIsCommittedOnce() throws IOException {
    String id = newJobId();
    try (PendingVideo pending = store.begin(id)) {
      try (OutputStream out = pending.output()) {
        out.write(bytes("video"));
      }
      pending.commit(contentOf(bytes("video")));
      assertThatThrownBy(() -> pending.commit(contentOf(bytes("video"))))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(read(store.find(id).orElseThrow(), 0)).isEqualTo(bytes("video"));
  }

  @Test
  void rangesAreReadFromAnyOffset() throws IOException {
    String id = newJobId();
    byte[] video = sample(250_000, 4);
    store(id, video);
    VideoContent content = store.find(id).orElseThrow();
    assertThat(read(content, 0)).isEqualTo(video);
    assertThat(read(content, 200_000)).isEqualTo(Arrays.copyOfRange(video, 200_000, 250_000));
    assertThat(read(content, video.length)).isEmpty();
    assertThat(readRange(content, 1_000, 4_096)).isEqualTo(Arrays.copyOfRange(video, 1_000, 5_096));
    assertThat(readRange(content, video.length - 1, 1))
        .isEqualTo(new byte[] {video[video.length - 1]});
    assertThatThrownBy(() -> content.open(video.length + 1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> content.open(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deleteRemovesTheVideoAndIgnoresAMissingOne() throws IOException {
    String id = newJobId();
    store.delete(id);
    store(id, bytes("video"));
    store.delete(id);
    assertThat(store.find(id)).isEmpty();
    store.delete(id);
  }

  @Test
  void videosOfDifferentJobsAreKeptApart() throws IOException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = newJobId();
      ids.add(id);
      store(id, bytes("video of job " + i));
    }
    store.delete(ids.get(3));
    for (int i = 0; i < ids.size(); i++) {
      if (i == 3) {
        assertThat(store.find(ids.get(i))).isEmpty();
      } else {
        assertThat(read(store.find(ids.get(i)).orElseThrow(), 0))
            .isEqualTo(bytes("video of job " + i));
      }
    }
  }

  @Test
  void concurrentWritersOfOneJobLeaveOneOfTheirVideosWhole() throws Exception {
    String id = newJobId();
    int writers = 4;
    List<byte[]> videos = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      videos.add(sample(400_000 + i * 1_000, 10 + i));
    }
    CountDownLatch allBegun = new CountDownLatch(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (byte[] video : videos) {
        done.add(
            pool.submit(
                () -> {
                  try (PendingVideo pending = store.begin(id)) {
                    allBegun.countDown();
                    allBegun.await(10, TimeUnit.SECONDS);
                    for (int at = 0; at < video.length; at += 8_192) {
                      pending.output().write(video, at, Math.min(8_192, video.length - at));
                    }
                    pending.commit(contentOf(video));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    VideoContent content = store.find(id).orElseThrow();
    byte[] stored = read(content, 0);
    assertThat(videos).anySatisfy(video -> assertThat(stored).isEqualTo(video));
    assertThat(content.size()).isEqualTo(stored.length);
  }

  @Test
  void aLargeVideoIsStreamedInAndOutWithoutBeingHeld() throws IOException {
    String id = newJobId();
    long size = largeVideoBytes();
    MessageDigest written = sha256Digest();
    SplittableRandom random = new SplittableRandom(42);
    byte[] chunk = new byte[64 * 1024];
    byte[] tail = null;
    String expected;
    try (PendingVideo pending = store.begin(id)) {
      long left = size;
      while (left > 0) {
        int n = (int) Math.min(chunk.length, left);
        random.nextBytes(chunk);
        written.update(chunk, 0, n);
        pending.output().write(chunk, 0, n);
        left -= n;
        if (left == 0) {
          tail = Arrays.copyOfRange(chunk, Math.max(0, n - 100), n);
        }
      }
      expected = hex(written.digest());
      pending.commit(new StoredContent(expected, size, MP4));
    }
    VideoContent content = store.find(id).orElseThrow();
    assertThat(content.size()).isEqualTo(size);
    MessageDigest read = sha256Digest();
    long total = 0;
    try (InputStream in = content.open(0)) {
      int n;
      while ((n = in.read(chunk)) != -1) {
        read.update(chunk, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(size);
    assertThat(hex(read.digest())).isEqualTo(expected);
    assertThat(readRange(content, size - tail.length, tail.length)).isEqualTo(tail);
  }

  @Test
  void idsThatCouldNameAnotherPlaceAreRefused() {
    for (String id : List.of("", "..", "../vid_1", "vid/../x", "/etc/passwd", "vid 1")) {
      assertThatThrownBy(() -> store.begin(id)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.find(id)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---------------------------------------------------------------------------------------------

  protected final void store(String id, byte[] video) throws IOException {
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(video);
      pending.commit(contentOf(video));
    }
  }

  protected static StoredContent contentOf(byte[] video) {
    return new StoredContent(sha256(video), video.length, MP4);
  }

  protected static byte[] read(VideoContent content, long offset) throws IOException {
    try (InputStream in = content.open(offset)) {
      return in.readAllBytes();
    }
  }

  private static byte[] readRange(VideoContent content, long offset, int length)
      throws IOException {
    try (InputStream in = content.open(offset, length)) {
      return in.readNBytes(length);
    }
  }

  protected static byte[] sample(int size, long seed) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected static String sha256(byte[] bytes) {
    return hex(sha256Digest().digest(bytes));
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
