package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.port.VideoStore.PendingVideo;
import dev.videoagent.core.testing.VideoStoreContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, and what only object storage has, on a real S3 API server on loopback. */
class S3VideoStoreTest extends VideoStoreContract {
  private static final String BUCKET = "videos";

  @TempDir static Path temp;
  private static S3ProxyServer s3;
  private static int prefixes;
  private final List<S3VideoStore> opened = new ArrayList<>();

  @BeforeAll
  static void startS3() throws IOException {
    s3 = S3ProxyServer.start(temp);
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @AfterEach
  void closeStores() {
    opened.forEach(S3VideoStore::close);
  }

  @Override
  protected VideoStore newStore() {
    return open("tenant-videos/run" + ++prefixes, Clock.systemUTC());
  }

  private S3VideoStore open(String prefix, Clock clock) {
    S3VideoStore store =
        S3VideoStore.open(
            S3StoreConfig.of(BUCKET, prefix)
                .withEndpoint(s3.endpoint(), true)
                .withRegion(S3ProxyServer.REGION)
                .withCredentials(
                    new S3StoreConfig.Credentials(
                        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, null))
                .withPartBytes(S3StoreConfig.MIN_PART_BYTES),
            clock);
    opened.add(store);
    return store;
  }

  private S3VideoStore s3Store() {
    return (S3VideoStore) store;
  }

  @Test
  void aSourceFailingMidUploadLeavesNoObjectAndNoOpenUpload() throws IOException {
    String id = newJobId();
    byte[] chunk = sample(1024 * 1024, 7);
    assertThatThrownBy(
            () -> {
              try (PendingVideo pending = store.begin(id)) {
                for (int i = 0; i < 12; i++) {
                  pending.output().write(chunk);
                }
                assertThat(s3Store().openUploads()).hasSize(1);
                throw new IOException("the media server hung up");
              }
            })
        .hasMessage("the media server hung up");
    assertThat(store.find(id)).isEmpty();
    assertThat(s3Store().openUploads()).isEmpty();
  }

  @Test
  void aMultipartVideoWithTheWrongSha256IsAbortedAtCommit() throws IOException {
    String id = newJobId();
    byte[] video = sample(11 * 1024 * 1024, 8);
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(video);
      byte[] other = video.clone();
      other[0] ^= 1;
      assertThatThrownBy(() -> pending.commit(contentOf(other)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("SHA-256");
      assertThat(s3Store().openUploads()).isEmpty();
    }
    assertThat(store.find(id)).isEmpty();
  }

  @Test
  void aSmallVideoIsOnePutWithNoMultipartUpload() throws IOException {
    String id = newJobId();
    byte[] video = sample(100_000, 9);
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(video);
      assertThat(s3Store().openUploads()).isEmpty();
      pending.commit(contentOf(video));
    }
    assertThat(read(store.find(id).orElseThrow(), 0)).isEqualTo(video);
  }

  @Test
  void uploadsLeftByADeadProcessAreAbortedAtStartUpOnceOldEnough() throws IOException {
    String prefix = "crashed/run" + ++prefixes;
    S3VideoStore crashed = open(prefix, Clock.systemUTC());
    PendingVideo abandoned = crashed.begin("vid_crashed1");
    abandoned.output().write(sample(6 * 1024 * 1024, 10));
    assertThat(crashed.openUploads()).hasSize(1);

    S3VideoStore now = open(prefix, Clock.systemUTC());
    assertThat(now.abortStaleUploads(Duration.ofHours(6))).isZero();
    S3VideoStore later =
        open(prefix, Clock.fixed(Instant.now().plus(Duration.ofHours(7)), ZoneOffset.UTC));
    assertThat(later.abortStaleUploads(Duration.ofHours(6))).isEqualTo(1);
    assertThat(later.openUploads()).isEmpty();
    assertThat(later.find("vid_crashed1")).isEmpty();
  }

  @Test
  void aTemporaryLinkServesTheVideoWithRangesToAnyone() throws Exception {
    String id = newJobId();
    byte[] video = sample(70_000, 11);
    store(id, video);
    URI link = store.temporaryLink(id, Duration.ofMinutes(5)).orElseThrow();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> whole =
        http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(video);
    HttpResponse<byte[]> part =
        http.send(
            HttpRequest.newBuilder(link).header("Range", "bytes=10-19").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).hasSize(10);
    assertThat(link.getQuery()).doesNotContain(S3ProxyServer.SECRET_KEY);
  }

  @Test
  void videosLiveUnderThePrefixAsJobIdDotMp4() throws IOException {
    String id = newJobId();
    store(id, bytes("video"));
    try (var files = Files.walk(s3.dataFolder().resolve(BUCKET))) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .anySatisfy(
              name ->
                  assertThat(name).endsWith("/tenant-videos/run" + prefixes + "/" + id + ".mp4"));
    }
  }
}
