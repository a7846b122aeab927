package dev.videoagent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, records by line breaks ({@code \n} or {@code \r\n}); a
 * field in double quotes may hold commas, line breaks and doubled quotes ({@code ""}). Each record
 * keeps the line it starts on, so errors can point at it. Blank lines are skipped; a UTF-8
 * byte-order mark (spreadsheet exports) is ignored.
 */
final class CsvReader {
  private CsvReader() {}

  /** One record and the line of the file it starts on (from 1). */
  record Row(int line, List<String> fields) {}

  /** The text is not valid CSV; {@code line} is where the trouble is. */
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

  static List<Row> parse(String text) throws CsvException {
    String input = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int rowStart = 1;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStarted = false;
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < input.length() && input.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          afterQuote = true;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        fieldStarted = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < input.length() && input.charAt(i + 1) == '\n') {
          i++;
        }
        endRow(rows, fields, field, rowStart, fieldStarted);
        fieldStarted = false;
        afterQuote = false;
        line++;
        rowStart = line;
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
        field.append(c);
        fieldStarted = true;
      }
      i++;
    }
    if (quoted) {
      throw new CsvException(rowStart, "a quoted field is never closed (a \" is missing).");
    }
    endRow(rows, fields, field, rowStart, fieldStarted);
    return rows;
  }

  private static void endRow(
      List<Row> rows, List<String> fields, StringBuilder field, int line, boolean started) {
    if (!started && fields.isEmpty() && field.length() == 0) {
      return;
    }
    fields.add(field.toString());
    field.setLength(0);
    rows.add(new Row(line, List.copyOf(fields)));
    fields.clear();
  }
}
