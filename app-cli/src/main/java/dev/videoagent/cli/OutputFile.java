package dev.videoagent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where the command line may write a file a person named ({@code -o FILE}, a batch line's output):
 * only a regular file, new or replaced, and only in a folder that already exists.
 *
 * <p>Videos are written to a temporary file and renamed over the target, and a rename replaces
 * whatever has the name: run as root, {@code -o /dev/full} would have turned the device into a
 * plain file. So a device, FIFO, socket or folder (or a symbolic link to one) is refused, with one
 * sentence naming the path, before anything is submitted and again just before the rename. A
 * symbolic link to a regular file is followed: the file it points to is replaced and the link
 * stays. And no folder is made that nobody asked for: a missing folder is an error, not a {@code
 * mkdir -p}.
 */
final class OutputFile {
  private OutputFile() {}

  /**
   * Checks that {@code given} (relative to {@code workingDir}) can be written now.
   *
   * @return the absolute path to replace: {@code given}, or the file it links to
   * @throws CliException exit 2, naming {@code given}, when it cannot be written
   */
  static Path check(Path workingDir, Path given) {
    Path absolute = workingDir.resolve(given).toAbsolutePath().normalize();
    Optional<String> problem = problem(absolute, given.toString());
    if (problem.isPresent()) {
      throw CliException.usage(problem.get());
    }
    return target(absolute);
  }

  /**
   * Why {@code absolute} cannot be written, if it cannot.
   *
   * @param shown how to name the path in the sentence (as the person wrote it)
   */
  static Optional<String> problem(Path absolute, String shown) {
    BasicFileAttributes link = attributes(absolute, LinkOption.NOFOLLOW_LINKS);
    if (link != null && link.isSymbolicLink()) {
      BasicFileAttributes target = attributes(absolute);
      if (target == null) {
        return Optional.of(
            "Cannot write " + shown + ": it is a symbolic link to a file that does not exist.");
      }
      if (!target.isRegularFile()) {
        return Optional.of(
            "Cannot write "
                + shown
                + ": it is a symbolic link to "
                + kind(absolute, target)
                + ", not to a regular file; videoagent writes videos only to regular files.");
      }
      return folderProblem(target(absolute).getParent(), shown);
    }
    if (link != null && link.isDirectory()) {
      return Optional.of(
          "Cannot write "
              + shown
              + ": it is a folder; name a file inside it, such as "
              + Path.of(shown).resolve("video.mp4")
              + ".");
    }
    if (link != null && !link.isRegularFile()) {
      return Optional.of(
          "Cannot write "
              + shown
              + ": it is "
              + kind(absolute, link)
              + ", not a regular file; videoagent writes videos only to regular files.");
    }
    return folderProblem(absolute.getParent(), shown);
  }

  private static Optional<String> folderProblem(Path folder, String shown) {
    BasicFileAttributes attributes = attributes(folder);
    if (attributes == null) {
      return Optional.of(
          "Cannot write "
              + shown
              + ": the folder "
              + folder
              + " does not exist (videoagent makes no folder it was not asked to; create it"
              + " first).");
    }
    if (!attributes.isDirectory()) {
      return Optional.of("Cannot write " + shown + ": " + folder + " is not a folder.");
    }
    if (!Files.isWritable(folder)) {
      return Optional.of(
          "Cannot write " + shown + ": the folder " + folder + " is not writable for you.");
    }
    return Optional.empty();
  }

  /** The file to replace: the link's target for a symbolic link, else the path itself. */
  private static Path target(Path absolute) {
    if (!Files.isSymbolicLink(absolute)) {
      return absolute;
    }
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute;
    }
  }

  /** "a character device", "a FIFO (named pipe)", …: what the thing is, in words. */
  private static String kind(Path path, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a folder";
    }
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      return switch (mode & 0170000) {
        case 0140000 -> "a socket";
        case 0060000 -> "a block device";
        case 0020000 -> "a character device";
        case 0010000 -> "a FIFO (named pipe)";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }

  private static BasicFileAttributes attributes(Path path, LinkOption... options) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, options);
    } catch (IOException e) {
      return null;
    }
  }
}
