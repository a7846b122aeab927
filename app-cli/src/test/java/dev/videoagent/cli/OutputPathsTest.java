package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.VideoStore.VideoContent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o FILE}: only regular files are written, and no folder is made that was not named. */
class OutputPathsTest {
  private static final String NOT_REGULAR =
      ", not a regular file; videoagent writes videos only to regular files.\n";

  @TempDir Path temp;
  CliHarness cli;
  SandboxGateway sandbox;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(temp);
    sandbox = cli.remoteSandbox(Duration.ofMillis(300));
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  /** A completed job with its video stored. */
  private String completedJob() {
    CliHarness.Result made = cli.run("generate", "A finished video", "--wait", "--json");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    return made.id();
  }

  @Test
  void aDeviceIsRefusedBeforeAnyJobIsMadeAndStaysADevice() throws Exception {
    Path device = SpecialFiles.fullDevice(temp.resolve("full"));

    CliHarness.Result waiting =
        cli.run("generate", "Paid for nothing", "--wait", "-o", "" + device);
    CliHarness.Result sandboxed =
        cli.run("generate", "--sandbox", "Paid for nothing", "-o", device.toString());

    for (CliHarness.Result result : new CliHarness.Result[] {waiting, sandboxed}) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .isEqualTo("Cannot write " + device + ": it is a character device" + NOT_REGULAR);
      assertThat(result.out()).isEmpty();
    }
    assertThat(SpecialFiles.kind(device)).isEqualTo("character device");
    assertThat(sandbox.stats().submitCalls()).isZero();
    assertThat(cli.injectorsBuilt).hasValue(0);
  }

  @Test
  void aFifoIsRefusedByDownloadAndWaitAndStaysAFifo() throws Exception {
    String id = completedJob();
    Path fifo = SpecialFiles.fifo(cli.workDir.resolve("pipe.mp4"));

    CliHarness.Result download = cli.run("download", id, "-o", "pipe.mp4");
    CliHarness.Result waited = cli.run("wait", id, "-o", "pipe.mp4");

    for (CliHarness.Result result : new CliHarness.Result[] {download, waited}) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .isEqualTo("Cannot write pipe.mp4: it is a FIFO (named pipe)" + NOT_REGULAR);
    }
    assertThat(SpecialFiles.kind(fifo)).isEqualTo("fifo");
  }

  @Test
  void aSocketAndAFolderAreRefused() throws Exception {
    String id = completedJob();
    Files.createDirectories(cli.workDir.resolve("videos"));

    try (ServerSocketChannel socket = SpecialFiles.socket(cli.workDir.resolve("sock"))) {
      CliHarness.Result result = cli.run("download", id, "-o", "sock");
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err()).isEqualTo("Cannot write sock: it is a socket" + NOT_REGULAR);
      assertThat(SpecialFiles.kind(cli.workDir.resolve("sock"))).isEqualTo("socket");
    }
    CliHarness.Result folder = cli.run("download", id, "-o", "videos");
    assertThat(folder.exitCode()).isEqualTo(2);
    assertThat(folder.err())
        .isEqualTo(
            "Cannot write videos: it is a folder; name a file inside it, such as"
                + " videos/video.mp4.\n");
    assertThat(cli.workDir.resolve("videos")).isDirectory().isEmptyDirectory();
  }

  @Test
  void aMissingFolderIsNamedAndNeverMade() throws Exception {
    Path missing = temp.resolve("nonexistent/dir/x.mp4");

    CliHarness.Result generate = cli.run("generate", "Where to?", "--wait", "-o", "" + missing);
    assertThat(generate.exitCode()).as(generate.toString()).isEqualTo(2);
    assertThat(generate.err())
        .isEqualTo(
            "Cannot write "
                + missing
                + ": the folder "
                + missing.getParent()
                + " does not exist (videoagent makes no folder it was not asked to; create it"
                + " first).\n");
    assertThat(sandbox.stats().submitCalls()).isZero();

    String id = completedJob();
    assertThat(cli.run("download", id, "-o", "" + missing).exitCode()).isEqualTo(2);
    assertThat(cli.run("wait", id, "-o", "" + missing).exitCode()).isEqualTo(2);
    assertThat(temp.resolve("nonexistent")).doesNotExist();
  }

  @Test
  void aLinkToAFileReplacesTheFileAndKeepsTheLinkButALinkToADeviceIsRefused() throws Exception {
    String id = completedJob();
    Path real = Files.writeString(cli.workDir.resolve("real.mp4"), "old contents");
    Path link = Files.createSymbolicLink(cli.workDir.resolve("link.mp4"), real);
    Path device = SpecialFiles.fullDevice(temp.resolve("full"));
    Path deviceLink = Files.createSymbolicLink(cli.workDir.resolve("device.mp4"), device);
    Files.createSymbolicLink(cli.workDir.resolve("dangling.mp4"), cli.workDir.resolve("gone"));

    CliHarness.Result throughLink = cli.run("download", id, "-o", "link.mp4");
    assertThat(throughLink.exitCode()).as(throughLink.toString()).isZero();
    assertThat(SpecialFiles.kind(link)).isEqualTo("symlink");
    assertThat(real).hasBinaryContent(CliHarness.CLIP);

    CliHarness.Result toDevice = cli.run("download", id, "-o", "device.mp4");
    assertThat(toDevice.exitCode()).isEqualTo(2);
    assertThat(toDevice.err())
        .isEqualTo(
            "Cannot write device.mp4: it is a symbolic link to a character device, not to a"
                + " regular file; videoagent writes videos only to regular files.\n");
    assertThat(SpecialFiles.kind(deviceLink)).isEqualTo("symlink");
    assertThat(SpecialFiles.kind(device)).isEqualTo("character device");

    CliHarness.Result dangling = cli.run("download", id, "-o", "dangling.mp4");
    assertThat(dangling.exitCode()).isEqualTo(2);
    assertThat(dangling.err())
        .isEqualTo(
            "Cannot write dangling.mp4: it is a symbolic link to a file that does not exist.\n");
    try (Stream<Path> files = Files.list(cli.workDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("real.mp4", "link.mp4", "device.mp4", "dangling.mp4");
    }
  }

  @Test
  void theTargetIsCheckedAgainJustBeforeTheVideoIsRenamedOverIt() throws Exception {
    byte[] video = CliHarness.CLIP;
    StoredContent stored =
        new StoredContent(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video)),
            video.length,
            "video/mp4");
    Path target = cli.workDir.resolve("late.mp4");
    // Something makes a FIFO under the name while the copy runs.
    VideoContent content =
        new VideoContent() {
          @Override
          public long size() {
            return video.length;
          }

          @Override
          public String contentType() {
            return "video/mp4";
          }

          @Override
          public InputStream open(long offset) throws java.io.IOException {
            try {
              SpecialFiles.fifo(target);
            } catch (Exception e) {
              throw new java.io.IOException(e);
            }
            return new ByteArrayInputStream(video);
          }
        };

    assertThatThrownBy(() -> VideoFiles.save(content, stored, cli.workDir, Path.of("late.mp4")))
        .isInstanceOf(CliException.class)
        .hasMessage("Cannot write late.mp4: it is a FIFO (named pipe)" + NOT_REGULAR.strip());
    assertThat(SpecialFiles.kind(target)).isEqualTo("fifo");
    try (Stream<Path> files = Files.list(cli.workDir)) {
      assertThat(files).containsExactly(target);
    }
  }
}
