package dev.videoagent.assembly.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the videos are kept, as {@code VIDEOAGENT_STORE} (and {@code store copy --to}) names it:
 * {@code file:/a/folder} or {@code s3://bucket/prefix}.
 */
public sealed interface StoreLocation {
  /** The one sentence that says what a store location looks like. */
  String RULE = "must be file:/a/folder or s3://bucket/prefix (the prefix is optional)";

  /** {@code file:} and the folder, or {@code s3://bucket/prefix}: what reads back as this. */
  String text();

  /** A folder on this machine. */
  record Folder(Path path) implements StoreLocation {
    public Folder {
      path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    }

    @Override
    public String text() {
      return "file:" + path;
    }
  }

  /**
   * Objects in an S3-compatible bucket.
   *
   * @param prefix without slashes at either end; empty for the bucket's root
   */
  record Bucket(String bucket, String prefix) implements StoreLocation {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9!_.*'()-]+");

    public Bucket {
      if (bucket == null || !NAME.matcher(bucket).matches() || bucket.contains("..")) {
        throw new IllegalArgumentException(
            "a bucket name is 3 to 63 lower-case letters, digits, '.' or '-': " + bucket);
      }
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.isEmpty()) {
        for (String segment : prefix.split("/", -1)) {
          if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException("not a usable key prefix: " + prefix);
          }
        }
      }
    }

    @Override
    public String text() {
      return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
  }

  /**
   * The location {@code text} names; {@code ~} at the start of a folder stands for the user's home.
   *
   * @throws IllegalArgumentException when it is neither form
   */
  static StoreLocation parse(String text) {
    String value = Objects.requireNonNull(text, "text").strip();
    if (value.startsWith("file:")) {
      String folder = value.substring("file:".length());
      if (folder.startsWith("//")) {
        folder = folder.substring(2);
      }
      if (folder.isBlank() || folder.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("no folder after file:");
      }
      return new Folder(Forms.expandHome(folder));
    }
    if (value.startsWith("s3://")) {
      String rest = value.substring("s3://".length()).replaceAll("/+$", "");
      int slash = rest.indexOf('/');
      return slash < 0
          ? new Bucket(rest, "")
          : new Bucket(rest.substring(0, slash), rest.substring(slash + 1));
    }
    throw new IllegalArgumentException("neither file: nor s3://");
  }
}
