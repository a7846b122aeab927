package dev.videoagent.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 4180 CSV, one record at a time: fields separated by commas, records by line breaks ({@code
 * \n}, {@code \r\n} or {@code \r}); a field in double quotes may hold commas, line breaks and
 * doubled quotes ({@code ""}). Each record keeps the line it starts on, so errors can point at it.
 * Blank lines are skipped; a UTF-8 byte-order mark (spreadsheet exports) is ignored.
 *
 * <p>A record may hold at most {@code maxChars} characters: beyond that it is refused, not kept,
 * since a quote that is never closed would otherwise make the rest of the file one record.
 */
final class CsvReader implements AutoCloseable {
  /** One record and the line of the file it starts on (from 1). */
  record Row(int line, List<String> fields) {}

  /** The text is not valid CSV; {@code line} is where the trouble is. Reading cannot go on. */
  static final class CsvException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    CsvException(int line, String message) {
      super(message);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  private static final int END = -1;

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private boolean started;
  private int line = 1;

  CsvReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next non-blank record, or {@code null} at the end. */
  Row next() throws CsvException, IOException {
    while (true) {
      int rowStart = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean afterQuote = false;
      boolean fieldStarted = false;
      int chars = 0;
      int c = read();
      if (c == END) {
        return null;
      }
      while (c != END) {
        if (!Character.isLowSurrogate((char) c) && ++chars > maxChars) {
          throw new CsvException(
              rowStart,
              "the record starting on this line is longer than "
                  + String.format(Locale.ROOT, "%,d", maxChars)
                  + " characters, far more than a job needs (is a closing \" missing?).");
        }
        if (quoted) {
          if (c == '"') {
            if (peek() == '"') {
              read();
              field.append('"');
            } else {
              quoted = false;
              afterQuote = true;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append((char) c);
          }
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          afterQuote = false;
          fieldStarted = true;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && peek() == '\n') {
            read();
          }
          line++;
          break;
        } else if (afterQuote) {
          throw new CsvException(
              line,
              "a quoted field must end at a comma or the end of the line (after its closing \").");
        } else if (c == '"') {
          if (field.length() > 0) {
            throw new CsvException(
                line, "a field with a \" must be quoted as a whole, with the \" doubled (\"\").");
          }
          quoted = true;
          fieldStarted = true;
        } else {
          field.append((char) c);
          fieldStarted = true;
        }
        c = read();
      }
      if (quoted) {
        throw new CsvException(rowStart, "a quoted field is never closed (a \" is missing).");
      }
      if (!fieldStarted && fields.isEmpty() && field.length() == 0) {
        continue;
      }
      fields.add(field.toString());
      return new Row(rowStart, List.copyOf(fields));
    }
  }

  /** The line the reader is on (from 1). */
  int currentLine() {
    return line;
  }

  private int read() throws IOException {
    int c = peek();
    if (c != END) {
      position++;
    }
    return c;
  }

  private int peek() throws IOException {
    if (position >= limit) {
      limit = in.read(buffer);
      position = 0;
      if (limit <= 0) {
        limit = 0;
        return END;
      }
    }
    if (!started) {
      started = true;
      if (buffer[position] == '\uFEFF') {
        position++;
        return peek();
      }
    }
    return buffer[position];
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
