package dev.videoagent.cli;

import dev.videoagent.core.StoredContent;
import dev.videoagent.core.port.VideoStore.VideoContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Copies a stored video out to a file a person named. The bytes go to a hidden temporary file in
 * the target's folder, are checked against the stored checksum, and only then renamed over the
 * target, so an interrupted copy never leaves half a video under the real name. The target must be
 * writable by the rules of {@link OutputFile}, checked before the copy and again just before the
 * rename (a copy can take a while, and the rename would replace whatever is there by then).
 */
final class VideoFiles {
  private static final int BUFFER = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private VideoFiles() {}

  /**
   * @param target the file as the person named it, relative to {@code workingDir}
   * @throws CliException when {@code target} is not a file videoagent may write ({@link
   *     OutputFile})
   * @throws IOException when the file cannot be written, or the copy does not match {@code
   *     expected} (the store was changed underneath)
   */
  static void save(VideoContent content, StoredContent expected, Path workingDir, Path target)
      throws IOException {
    Path absolute = OutputFile.check(workingDir, target);
    Path folder = absolute.getParent();
    // Not Files.createTempFile: that makes the file owner-only, and the video is the user's to
    // share; a plain new file follows the umask like any file the user makes.
    Path part =
        folder.resolve(
            "." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
    // Ctrl-C ends the JVM without unwinding this thread; the hook still removes the leftover.
    part.toFile().deleteOnExit();
    try {
      MessageDigest digest = sha256();
      try (InputStream in = content.open(0);
          OutputStream out =
              new DigestOutputStream(
                  Files.newOutputStream(part, StandardOpenOption.CREATE_NEW), digest)) {
        in.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(expected.sha256())) {
        throw new IOException(
            "the stored video does not match its checksum (expected sha256 "
                + expected.sha256()
                + ", read "
                + actual
                + ")");
      }
      OutputFile.check(workingDir, target);
      try {
        Files.move(
            part, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** True when {@code file} exists and holds exactly the stored video. */
  static boolean alreadySaved(Path file, StoredContent expected) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != expected.bytes()) {
      return false;
    }
    return sha256(file).equals(expected.sha256());
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
