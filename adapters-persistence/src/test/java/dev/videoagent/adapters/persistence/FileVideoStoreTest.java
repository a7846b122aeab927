package dev.videoagent.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.VideoStore;
import dev.videoagent.core.port.VideoStore.PendingVideo;
import dev.videoagent.core.port.VideoStore.VideoContent;
import dev.videoagent.core.testing.VideoStoreContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileVideoStoreTest extends VideoStoreContract {
  private static final String ID = "vid_01JDQ0000000000000000000AB";
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path root;

  private Path videos() {
    return root.resolve("home").resolve("videos");
  }

  @Override
  protected VideoStore newStore() {
    return store();
  }

  private FileVideoStore store() {
    return new FileVideoStore(videos(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static StoredContent mp4(byte[] bytes) {
    return contentOf(bytes);
  }

  private static void store(FileVideoStore store, String id, byte[] bytes) throws IOException {
    try (PendingVideo pending = store.begin(id)) {
      pending.output().write(bytes);
      pending.commit(mp4(bytes));
    }
  }

  private List<Path> filesUnder(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void nothingIsVisibleUntilCommitAndThenAllOfIt() throws IOException {
    FileVideoStore store = store();
    byte[] video = bytes("0123456789".repeat(10_000));
    try (PendingVideo pending = store.begin(ID)) {
      pending.output().write(video, 0, 50_000);
      assertThat(store.find(ID)).isEmpty();
      pending.output().write(video, 50_000, video.length - 50_000);
      assertThat(store.find(ID)).isEmpty();
      pending.commit(mp4(video));
    }
    VideoContent content = store.find(ID).orElseThrow();
    assertThat(content.size()).isEqualTo(video.length);
    assertThat(content.contentType()).isEqualTo("video/mp4");
    assertThat(read(content, 0)).isEqualTo(video);
    assertThat(filesUnder(videos())).containsExactly(videos().resolve("AB").resolve(ID + ".mp4"));
  }

  @Test
  void closingWithoutCommitLeavesNothingBehind() throws IOException {
    FileVideoStore store = store();
    try (PendingVideo pending = store.begin(ID)) {
      pending.output().write(bytes("half a video"));
      assertThat(filesUnder(videos())).hasSize(1);
    }
    assertThat(store.find(ID)).isEmpty();
    assertThat(filesUnder(videos())).isEmpty();
  }

  @Test
  void aNewVideoReplacesTheOldOneWhichReadersSeeUntilTheCommit() throws IOException {
    FileVideoStore store = store();
    store(store, ID, bytes("old video"));
    byte[] replacement = bytes("the new, longer video");
    try (PendingVideo pending = store.begin(ID)) {
      pending.output().write(replacement);
      pending.output().flush();
      assertThat(read(store.find(ID).orElseThrow(), 0)).isEqualTo(bytes("old video"));
      pending.commit(mp4(replacement));
    }
    assertThat(read(store.find(ID).orElseThrow(), 0)).isEqualTo(replacement);
    assertThat(filesUnder(videos())).hasSize(1);
  }

  @Test
  void aReaderOfTheOldVideoKeepsReadingItWhileItIsReplaced() throws IOException {
    FileVideoStore store = store();
    store(store, ID, bytes("old video"));
    try (InputStream reading = store.find(ID).orElseThrow().open(0)) {
      store(store, ID, bytes("new video"));
      assertThat(reading.readAllBytes()).isEqualTo(bytes("old video"));
    }
  }

  @Test
  void videosAreShardedByTheLastTwoCharactersOfTheirId() throws IOException {
    FileVideoStore store = store();
    store(store, "vid_A1", bytes("a"));
    store(store, "vid_B1", bytes("b"));
    store(store, "vid_C2", bytes("c"));
    store(store, "x", bytes("d"));
    assertThat(filesUnder(videos()))
        .containsExactlyInAnyOrder(
            videos().resolve("A1").resolve("vid_A1.mp4"),
            videos().resolve("B1").resolve("vid_B1.mp4"),
            videos().resolve("C2").resolve("vid_C2.mp4"),
            videos().resolve("_x").resolve("x.mp4"));
    assertThat(read(store.find("vid_B1").orElseThrow(), 0)).isEqualTo(bytes("b"));
  }

  @Test
  void foldersAndFilesAreOwnerOnly() throws IOException {
    FileVideoStore store = store();
    try (PendingVideo pending = store.begin(ID)) {
      pending.output().write(bytes("video"));
      Path part = filesUnder(videos()).get(0);
      assertThat(part.getFileName().toString()).startsWith("." + ID + ".").endsWith(".part");
      assertThat(permissions(part)).isEqualTo("rw-------");
      pending.commit(mp4(bytes("video")));
    }
    assertThat(permissions(root.resolve("home"))).isEqualTo("rwx------");
    assertThat(permissions(videos())).isEqualTo("rwx------");
    assertThat(permissions(videos().resolve("AB"))).isEqualTo("rwx------");
    assertThat(permissions(videos().resolve("AB").resolve(ID + ".mp4"))).isEqualTo("rw-------");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "..",
        "../vid_1",
        "vid/../../etc",
        "/etc/passwd",
        "vid_1.mp4",
        "vid 1",
        "vid_\u00e9"
      })
  void idsThatCouldEscapeTheFolderAreRefused(String id) {
    FileVideoStore store = store();
    assertThatThrownBy(() -> store.begin(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.find(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(id)).isInstanceOf(IllegalArgumentException.class);
    assertThat(root.resolve("home")).doesNotExist();
  }

  @Test
  void aSizeThatDoesNotMatchWhatWasWrittenKeepsTheEarlierVideo() throws IOException {
    FileVideoStore store = store();
    store(store, ID, bytes("good video"));
    try (PendingVideo pending = store.begin(ID)) {
      pending.output().write(bytes("truncat"));
      assertThatThrownBy(() -> pending.commit(mp4(bytes("truncated video"))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("wrote 7 bytes");
    }
    assertThat(read(store.find(ID).orElseThrow(), 0)).isEqualTo(bytes("good video"));
    assertThat(filesUnder(videos())).hasSize(1);
  }

  @Test
  void onlyMp4IsKept() throws IOException {
    FileVideoStore store = store();
    try (PendingVideo pending = store.begin(ID)) {
      pending.output().write(bytes("webm"));
      assertThatThrownBy(() -> pending.commit(new StoredContent("0".repeat(64), 4, "video/webm")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("video/webm");
    }
    assertThat(store.find(ID)).isEmpty();
    assertThat(filesUnder(videos())).isEmpty();
  }

  @Test
  void stalePartFilesAreRemovedAndEverythingElseIsKept() throws IOException {
    FileVideoStore store = store();
    assertThat(store.removeStaleParts(Duration.ofHours(1))).isZero();
    store(store, "vid_old1", bytes("committed long ago"));
    Path video = videos().resolve("d1").resolve("vid_old1.mp4");
    Files.setLastModifiedTime(video, FileTime.from(NOW.minus(Duration.ofDays(30))));

    PendingVideo crashed = store.begin("vid_crashed1");
    crashed.output().write(bytes("half"));
    crashed.output().flush();
    Path stale =
        filesUnder(videos().resolve("d1")).stream()
            .filter(p -> p.toString().endsWith(".part"))
            .findFirst()
            .orElseThrow();
    Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofHours(2))));

    try (PendingVideo writing = store.begin("vid_busy1")) {
      writing.output().write(bytes("in progress"));
      writing.output().flush();

      assertThat(store.removeStaleParts(Duration.ofHours(1))).isEqualTo(1);

      assertThat(stale).doesNotExist();
      assertThat(video).exists();
      writing.commit(mp4(bytes("in progress")));
    }
    assertThat(read(store.find("vid_busy1").orElseThrow(), 0)).isEqualTo(bytes("in progress"));
    crashed.close();
  }

  @Test
  void aStoreWhoseFolderDoesNotExistYetFindsNothingAndCreatesNothing() throws IOException {
    FileVideoStore store = new FileVideoStore(videos());
    assertThat(store.find(ID)).isEmpty();
    assertThat(store.removeStaleParts(Duration.ZERO)).isZero();
    assertThat(root.resolve("home")).doesNotExist();
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
