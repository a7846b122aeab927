package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Devices, FIFOs and sockets made in a test's own folder, and a way to tell them apart. */
final class SpecialFiles {
  private SpecialFiles() {}

  /**
   * A character device like {@code /dev/full} (1, 7) at {@code path}: made with {@code mknod} when
   * the tests run as root, as they do here, so that a failing test can only ever replace this copy.
   * Without the right to make one, the real {@code /dev/full}, which such a user cannot replace.
   */
  static Path fullDevice(Path path) throws Exception {
    if (run("mknod", path.toString(), "c", "1", "7") == 0) {
      return path;
    }
    return Path.of("/dev/full");
  }

  static Path fifo(Path path) throws Exception {
    assertThat(run("mkfifo", path.toString())).as("mkfifo " + path).isZero();
    return path;
  }

  /** A listening UNIX socket at {@code path}; close it when done. */
  static ServerSocketChannel socket(Path path) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(path));
    return channel;
  }

  /** "character device", "fifo", "socket", "regular file", "directory", "symlink", …. */
  static String kind(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      return "symlink";
    }
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return switch (mode & 0170000) {
      case 0140000 -> "socket";
      case 0060000 -> "block device";
      case 0020000 -> "character device";
      case 0010000 -> "fifo";
      case 0040000 -> "directory";
      case 0100000 -> "regular file";
      default -> "other";
    };
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
