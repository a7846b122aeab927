package dev.videoagent.adapters.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * Creates folders and files that only their owner can read: the database and the videos are the
 * user's private data. On file systems without POSIX permissions the platform defaults apply.
 */
final class OwnerOnly {
  private static final String FOLDER = "rwx------";
  private static final String FILE = "rw-------";

  private OwnerOnly() {}

  /** Creates {@code folder} and any missing parents as 0700; existing folders are left alone. */
  static void createFolders(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    Files.createDirectories(folder, attributes(folder.getParent(), FOLDER));
  }

  /** Creates an empty 0600 file unless one exists already (whose permissions are left alone). */
  static void createFileIfMissing(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    try {
      Files.createFile(file, attributes(file.getParent(), FILE));
    } catch (FileAlreadyExistsException anotherProcessWasFirst) {
      // Fine: the file is there, which is all we asked for.
    }
  }

  /** A new 0600 temporary file in {@code folder}, named {@code prefix + random + suffix}. */
  static Path createTempFile(Path folder, String prefix, String suffix) throws IOException {
    return Files.createTempFile(folder, prefix, suffix, attributes(folder, FILE));
  }

  /** Opens (creating as 0600 if needed) a file for writing, e.g. to lock it. */
  static FileChannel openForWriting(Path file) throws IOException {
    return FileChannel.open(
        file,
        EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        attributes(file.getParent(), FILE));
  }

  private static FileAttribute<?>[] attributes(Path near, String permissions) {
    Path probe = near == null ? Path.of("").toAbsolutePath() : near;
    if (!probe.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
    };
  }
}
