package dev.videoagent.api.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a representation of {@code size} bytes, from a {@code Range} header (RFC 9110,
 * section 14). Only single ranges are served: a header this class does not understand, or one with
 * several ranges, is ignored and the whole video is sent, as the RFC allows.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
public record ByteRange(long first, long last) {
  private static final Pattern SPEC = Pattern.compile("(\\d{0,18})-(\\d{0,18})");

  /** What a {@code Range} header asks for. */
  public sealed interface Request {
    /** No usable range: send everything with 200. */
    record Whole() implements Request {}

    /** Send this part with 206. */
    record Part(ByteRange range) implements Request {}

    /** The range lies outside the representation: 416. */
    record Unsatisfiable() implements Request {}
  }

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of this part of {@code size} bytes. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  public static Request parse(String header, long size) {
    if (header == null) {
      return new Request.Whole();
    }
    String value = header.strip();
    int equals = value.indexOf('=');
    if (equals < 0
        || !value.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
      return new Request.Whole();
    }
    String spec = value.substring(equals + 1).strip();
    if (spec.contains(",")) {
      return new Request.Whole();
    }
    Matcher m = SPEC.matcher(spec);
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Request.Whole();
    }
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0 || size == 0) {
        return new Request.Unsatisfiable();
      }
      long first = Math.max(0, size - suffix);
      return new Request.Part(new ByteRange(first, size - 1));
    }
    long first = Long.parseLong(m.group(1));
    Long last = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
    if (last != null && last < first) {
      return new Request.Whole();
    }
    if (first >= size) {
      return new Request.Unsatisfiable();
    }
    long end = last == null || last >= size ? size - 1 : last;
    return new Request.Part(new ByteRange(first, end));
  }
}
