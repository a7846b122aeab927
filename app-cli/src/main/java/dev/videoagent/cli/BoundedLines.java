package dev.videoagent.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a text, one at a time, each at most {@code maxChars} characters (code points). A
 * longer line is reported by its number and skipped without being kept, so a file of any size, with
 * lines of any length, is read in the memory of one allowed line.
 */
final class BoundedLines implements AutoCloseable {
  /** One line without its line break; {@code text} is {@code null} when it was too long. */
  record Line(int number, String text) {
    boolean tooLong() {
      return text == null;
    }
  }

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private int number;

  BoundedLines(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /**
   * @return the next line, or {@code null} at the end
   * @throws java.nio.charset.CharacterCodingException when the text is not valid (the reader's
   *     decoder reports it)
   */
  Line next() throws IOException {
    StringBuilder line = new StringBuilder();
    int chars = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (position >= limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit < 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      char c = buffer[position++];
      any = true;
      if (c == '\n') {
        break;
      }
      if (tooLong) {
        continue;
      }
      if (!Character.isLowSurrogate(c) && ++chars > maxChars) {
        tooLong = true;
        line = null;
        continue;
      }
      line.append(c);
    }
    number++;
    if (tooLong) {
      return new Line(number, null);
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return new Line(number, line.toString());
  }

  /** The number of the line {@link #next} returned last (0 before the first). */
  int lineNumber() {
    return number;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
