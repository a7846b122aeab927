package dev.videoagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.FieldError;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoRequest;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A batch file, read as a stream of records: every good line as a {@link BatchLine}, every bad one
 * as its problems with its line number. {@link #check} reads the whole file once before anything is
 * submitted; {@link #open} reads it again, one line at a time, for the run. Neither keeps more than
 * one record in memory (and, for the checks across lines, each output name), so a file of any size
 * can be run, and a line longer than {@link #MAX_LINE_CHARS} characters is refused by its number
 * without being held.
 *
 * <p>JSON Lines ({@code .jsonl}, {@code .ndjson}): one object per line with {@code prompt} and
 * optionally {@code avatar}, {@code voice}, {@code orientation}, {@code metadata} (an object of
 * strings) and {@code output}. CSV ({@code .csv}): a header row naming the same columns ({@code
 * prompt} required, any order); {@code metadata} cells are {@code key=value;key2=value2} or a JSON
 * object; empty cells mean "not given".
 */
final class BatchFile {
  static final Set<String> FIELDS =
      Set.of("prompt", "avatar", "voice", "orientation", "metadata", "output");

  /**
   * The longest line (JSON Lines) or record (CSV), in characters. A job's line is far shorter (a
   * prompt holds at most 10,000 characters, metadata at most 50 short entries): anything longer is
   * a broken file, refused before it can fill the memory.
   */
  static final int MAX_LINE_CHARS = 1024 * 1024;

  /** The longest output file name, as a path under --output-dir. */
  static final int MAX_OUTPUT_CHARS = 1024;

  /** How many problems {@link #check} words; the others are only counted. */
  static final int MAX_LISTED_PROBLEMS = 100;

  /** One good line. {@code output} is the file name asked for, or {@code null}. */
  record BatchLine(int line, VideoRequest request, String output) {}

  /** One record of the file, as read. */
  sealed interface Entry {
    int line();

    record Good(BatchLine batchLine) implements Entry {
      @Override
      public int line() {
        return batchLine.line();
      }
    }

    /** A line that cannot be run, and every reason why. */
    record Bad(int line, List<String> problems) implements Entry {}
  }

  /**
   * The whole file checked: how many lines are jobs, the first {@link #MAX_LISTED_PROBLEMS}
   * problems as sentences ({@code promos.csv line 7: …}) and how many there are in all.
   */
  record Checked(int jobs, List<String> problems, int problemCount) {
    boolean ok() {
      return problemCount == 0;
    }
  }

  /** A line's raw values, before the domain checks them. */
  private record Raw(
      int line,
      String prompt,
      String avatar,
      String voice,
      String orientation,
      Map<String, String> metadata,
      String output) {}

  private final ObjectMapper mapper;
  private final int maxLineChars;

  BatchFile(ObjectMapper mapper) {
    this(mapper, MAX_LINE_CHARS);
  }

  BatchFile(ObjectMapper mapper, int maxLineChars) {
    this.mapper = mapper;
    this.maxLineChars = maxLineChars;
  }

  /**
   * Reads the whole file and checks every line.
   *
   * @param outputCheck a further check of each good line (whether its output can be written)
   * @throws CliException (exit 2) when the file cannot be read, is not UTF-8, or its name does not
   *     say its format
   */
  Checked check(Path file, Function<BatchLine, Optional<String>> outputCheck) {
    String name = file.getFileName().toString();
    int jobs = 0;
    int count = 0;
    List<String> listed = new ArrayList<>();
    try (Entries entries = open(file, outputCheck)) {
      for (Entry entry = entries.next(); entry != null; entry = entries.next()) {
        if (entry instanceof Entry.Bad bad) {
          for (String problem : bad.problems()) {
            count++;
            if (listed.size() < MAX_LISTED_PROBLEMS) {
              listed.add(name + " line " + bad.line() + ": " + problem);
            }
          }
        } else {
          jobs++;
        }
      }
    }
    if (jobs == 0 && count == 0) {
      return new Checked(0, List.of(name + ": the file holds no jobs."), 1);
    }
    return new Checked(jobs, List.copyOf(listed), count);
  }

  /** Opens the file to read its records one at a time, with the same checks as {@link #check}. */
  Entries open(Path file, Function<BatchLine, Optional<String>> outputCheck) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean csv = name.endsWith(".csv");
    boolean jsonLines = name.endsWith(".jsonl") || name.endsWith(".ndjson");
    if (!csv && !jsonLines) {
      throw CliException.usage(
          "The batch file must be JSON Lines (.jsonl) or CSV (.csv); " + file + " is neither.");
    }
    Reader reader;
    try {
      reader = new StrictUtf8Reader(Files.newInputStream(file));
    } catch (IOException e) {
      throw CliException.usage("Could not read " + file + ": " + SaveVideo.describe(e) + ".");
    }
    return new Entries(file, csv ? new CsvRecords(reader) : new JsonRecords(reader), outputCheck);
  }

  /** The records of an open batch file. Not thread-safe: one reader takes them in order. */
  final class Entries implements AutoCloseable {
    private final Path file;
    private final Records records;
    private final Function<BatchLine, Optional<String>> outputCheck;
    private final Map<String, Integer> outputs = new HashMap<>();

    private Entries(Path file, Records records, Function<BatchLine, Optional<String>> outputCheck) {
      this.file = file;
      this.records = records;
      this.outputCheck = outputCheck;
    }

    /**
     * @return the next record, or {@code null} at the end
     * @throws CliException (exit 2) when the file cannot be read on, or is not UTF-8
     */
    Entry next() {
      try {
        Entry entry = records.next();
        return entry instanceof Entry.Good good ? check(good.batchLine()) : entry;
      } catch (CharacterCodingException e) {
        throw CliException.usage(
            "The batch file " + file + " is not UTF-8 text (line " + records.currentLine() + ").");
      } catch (IOException e) {
        throw CliException.usage("Could not read " + file + ": " + SaveVideo.describe(e) + ".");
      }
    }

    /** The checks across lines (an output used twice) and the caller's own. */
    private Entry check(BatchLine line) {
      List<String> problems = new ArrayList<>();
      if (line.output() != null) {
        Integer earlier = outputs.putIfAbsent(line.output(), line.line());
        if (earlier != null) {
          problems.add(
              "output \"" + line.output() + "\" is also the output of line " + earlier + ".");
        } else {
          outputCheck.apply(line).ifPresent(problems::add);
        }
      }
      return problems.isEmpty() ? new Entry.Good(line) : new Entry.Bad(line.line(), problems);
    }

    @Override
    public void close() {
      try {
        records.close();
      } catch (IOException e) {
        // Read only: nothing is lost.
      }
    }
  }

  /** Records of one format, checked on their own; the cross-line checks come after. */
  private interface Records extends AutoCloseable {
    Entry next() throws IOException;

    /** The line being read, for a decoding error's sentence. */
    int currentLine();

    @Override
    void close() throws IOException;
  }

  private final class JsonRecords implements Records {
    private final BoundedLines lines;

    JsonRecords(Reader reader) {
      this.lines = new BoundedLines(reader, maxLineChars);
    }

    @Override
    public Entry next() throws IOException {
      for (BoundedLines.Line physical = lines.next(); physical != null; physical = lines.next()) {
        int line = physical.number();
        if (physical.tooLong()) {
          return new Entry.Bad(line, List.of(tooLong("the line")));
        }
        String content =
            line == 1 && physical.text().startsWith("\uFEFF")
                ? physical.text().substring(1)
                : physical.text();
        if (!content.isBlank()) {
          return record(line, content);
        }
      }
      return null;
    }

    private Entry record(int line, String content) {
      JsonNode node;
      try {
        node = mapper.readTree(content);
      } catch (JsonProcessingException e) {
        return new Entry.Bad(line, List.of("not valid JSON (" + e.getOriginalMessage() + ")."));
      }
      if (node == null || !node.isObject()) {
        return new Entry.Bad(line, List.of("must be a JSON object such as {\"prompt\": \"…\"}."));
      }
      List<String> lineErrors = new ArrayList<>();
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        String field = property.getKey();
        if (!FIELDS.contains(field)) {
          lineErrors.add("unknown field \"" + field + "\" (allowed: " + allowed() + ").");
        }
      }
      Map<String, String> metadata = jsonMetadata(node.get("metadata"), lineErrors);
      Raw raw =
          new Raw(
              line,
              text(node, "prompt", lineErrors),
              text(node, "avatar", lineErrors),
              text(node, "voice", lineErrors),
              text(node, "orientation", lineErrors),
              metadata,
              text(node, "output", lineErrors));
      return lineErrors.isEmpty() ? checked(raw) : new Entry.Bad(line, lineErrors);
    }

    @Override
    public int currentLine() {
      return lines.lineNumber() + 1;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }

  private final class CsvRecords implements Records {
    private final CsvReader reader;
    private Map<String, Integer> columns;
    private int width;
    private boolean ended;

    CsvRecords(Reader in) {
      this.reader = new CsvReader(in, maxLineChars);
    }

    @Override
    public Entry next() throws IOException {
      while (!ended) {
        CsvReader.Row row;
        try {
          row = reader.next();
        } catch (CsvReader.CsvException e) {
          // The record's end cannot be found, so neither can the next one's start.
          ended = true;
          return new Entry.Bad(e.line(), List.of(e.getMessage()));
        }
        if (row == null) {
          ended = true;
          return null;
        }
        if (row.fields().stream().allMatch(String::isBlank)) {
          continue;
        }
        if (columns == null) {
          List<String> problems = header(row);
          if (!columns.containsKey("prompt")) {
            ended = true;
          }
          if (!problems.isEmpty()) {
            return new Entry.Bad(row.line(), problems);
          }
          continue;
        }
        return record(row);
      }
      return null;
    }

    private List<String> header(CsvReader.Row header) {
      List<String> problems = new ArrayList<>();
      columns = new HashMap<>();
      width = header.fields().size();
      for (int i = 0; i < header.fields().size(); i++) {
        String column = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
        if (!FIELDS.contains(column)) {
          problems.add(
              "unknown column \""
                  + header.fields().get(i).strip()
                  + "\" in the header (allowed: "
                  + allowed()
                  + ").");
        } else if (columns.put(column, i) != null) {
          problems.add("the column \"" + column + "\" appears twice.");
        }
      }
      if (!columns.containsKey("prompt")) {
        problems.add("the first row must be a header with at least a \"prompt\" column.");
      }
      return problems;
    }

    private Entry record(CsvReader.Row row) {
      if (row.fields().size() != width) {
        return new Entry.Bad(
            row.line(),
            List.of(
                "has "
                    + row.fields().size()
                    + " fields but the header has "
                    + width
                    + " (quote fields that contain commas)."));
      }
      List<String> lineErrors = new ArrayList<>();
      Map<String, String> metadata = csvMetadata(cell(row, "metadata"), lineErrors);
      Raw raw =
          new Raw(
              row.line(),
              cell(row, "prompt"),
              cell(row, "avatar"),
              cell(row, "voice"),
              cell(row, "orientation"),
              metadata,
              cell(row, "output"));
      return lineErrors.isEmpty() ? checked(raw) : new Entry.Bad(row.line(), lineErrors);
    }

    /** The cell, {@code null} when the column is absent or the cell empty. */
    private String cell(CsvReader.Row row, String column) {
      Integer index = columns.get(column);
      if (index == null) {
        return null;
      }
      String value = row.fields().get(index);
      return value.isBlank() ? null : value;
    }

    @Override
    public int currentLine() {
      return reader.currentLine();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  private String tooLong(String what) {
    return what
        + " is longer than "
        + String.format(Locale.ROOT, "%,d", maxLineChars)
        + " characters, far more than a job needs; it was not read.";
  }

  private static String text(JsonNode node, String field, List<String> errors) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      errors.add(field + " must be a string.");
      return null;
    }
    return value.asText();
  }

  private Map<String, String> jsonMetadata(JsonNode value, List<String> errors) {
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      errors.add("metadata must be an object of strings, such as {\"campaign\": \"spring\"}.");
      return Map.of();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (!entry.getValue().isTextual()) {
        errors.add("metadata." + entry.getKey() + " must be a string.");
      } else {
        metadata.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return metadata;
  }

  /** {@code key=value;key2=value2}, or a JSON object when the cell starts with a brace. */
  private Map<String, String> csvMetadata(String cell, List<String> errors) {
    if (cell == null) {
      return Map.of();
    }
    String trimmed = cell.strip();
    if (trimmed.startsWith("{")) {
      try {
        return jsonMetadata(mapper.readTree(trimmed), errors);
      } catch (JsonProcessingException e) {
        errors.add("metadata is not valid JSON (" + e.getOriginalMessage() + ").");
        return Map.of();
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String pair : trimmed.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        errors.add(
            "metadata must be key=value pairs separated by ';' (or a JSON object); \""
                + pair.strip()
                + "\" is not.");
        continue;
      }
      metadata.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return metadata;
  }

  /** The domain's checks on one line, plus its output file name. */
  private static Entry checked(Raw raw) {
    List<String> lineErrors = new ArrayList<>();
    VideoRequest request = null;
    try {
      request =
          VideoRequest.parse(
              raw.prompt(), raw.avatar(), raw.voice(), raw.orientation(), raw.metadata(), null);
    } catch (ValidationException e) {
      for (FieldError error : e.errors()) {
        lineErrors.add(error.message());
      }
    }
    String output = raw.output() == null ? null : raw.output().strip();
    if (output != null) {
      String problem = outputProblem(output);
      if (problem != null) {
        lineErrors.add(problem);
      }
    }
    return lineErrors.isEmpty()
        ? new Entry.Good(new BatchLine(raw.line(), request, output))
        : new Entry.Bad(raw.line(), lineErrors);
  }

  /** Outputs are file names under --output-dir: no absolute paths, no way out of the folder. */
  private static String outputProblem(String output) {
    if (output.length() > MAX_OUTPUT_CHARS) {
      // No file system takes a longer path, and each output name is kept for the whole check.
      return "output must be at most " + MAX_OUTPUT_CHARS + " characters long.";
    }
    try {
      Path path = Path.of(output);
      if (output.isEmpty() || path.isAbsolute() || output.startsWith("~")) {
        return "output must be a file name relative to --output-dir.";
      }
      for (Path part : path) {
        if (part.toString().equals("..")) {
          return "output must stay inside --output-dir (no \"..\").";
        }
      }
      return null;
    } catch (RuntimeException e) {
      return "output \"" + output + "\" is not a usable file name.";
    }
  }

  private static String allowed() {
    return "prompt, avatar, voice, orientation, metadata, output";
  }
}
