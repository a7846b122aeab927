package dev.videoagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.FieldError;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoRequest;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A batch file read and checked as a whole, before anything is submitted: every good line as a
 * {@link BatchLine}, every bad one as a sentence with its line number.
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

  /** One good line. {@code output} is the file name asked for, or {@code null}. */
  record BatchLine(int line, VideoRequest request, String output) {}

  /** What the file holds: the good lines and, if any, the errors (the batch then stops). */
  record Parsed(List<BatchLine> lines, List<String> errors) {}

  /** Problems by line, reported in file order whichever check found them. */
  private static final class Problems {
    private final List<Map.Entry<Integer, String>> entries = new ArrayList<>();

    void add(int line, String message) {
      entries.add(Map.entry(line, message));
    }

    boolean isEmpty() {
      return entries.isEmpty();
    }

    List<String> sentences(String fileName) {
      List<Map.Entry<Integer, String>> sorted = new ArrayList<>(entries);
      sorted.sort(Map.Entry.comparingByKey());
      return sorted.stream()
          .map(e -> fileName + " line " + e.getKey() + ": " + e.getValue())
          .toList();
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

  BatchFile(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * @throws CliException (exit 2) when the file cannot be read, is not UTF-8, or its name does not
   *     say its format
   */
  Parsed read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean csv = name.endsWith(".csv");
    boolean jsonLines = name.endsWith(".jsonl") || name.endsWith(".ndjson");
    if (!csv && !jsonLines) {
      throw CliException.usage(
          "The batch file must be JSON Lines (.jsonl) or CSV (.csv); " + file + " is neither.");
    }
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw CliException.usage("The batch file " + file + " is not UTF-8 text.");
    } catch (IOException e) {
      throw CliException.usage("Could not read " + file + ": " + SaveVideo.describe(e) + ".");
    }
    Problems errors = new Problems();
    List<Raw> raws = csv ? csv(text, errors) : jsonLines(text, errors);
    List<BatchLine> lines = check(raws, errors);
    if (lines.isEmpty() && errors.isEmpty()) {
      return new Parsed(List.of(), List.of(file.getFileName() + ": the file holds no jobs."));
    }
    return new Parsed(List.copyOf(lines), errors.sentences(file.getFileName().toString()));
  }

  private List<Raw> jsonLines(String text, Problems errors) {
    List<Raw> raws = new ArrayList<>();
    String[] physical = text.split("\r?\n", -1);
    for (int i = 0; i < physical.length; i++) {
      int line = i + 1;
      String content =
          i == 0 && physical[i].startsWith("\uFEFF") ? physical[i].substring(1) : physical[i];
      if (content.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = mapper.readTree(content);
      } catch (JsonProcessingException e) {
        errors.add(line, "not valid JSON (" + e.getOriginalMessage() + ").");
        continue;
      }
      if (node == null || !node.isObject()) {
        errors.add(line, "must be a JSON object such as {\"prompt\": \"…\"}.");
        continue;
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
      if (lineErrors.isEmpty()) {
        raws.add(raw);
      } else {
        lineErrors.forEach(e -> errors.add(line, e));
      }
    }
    return raws;
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

  private List<Raw> csv(String text, Problems errors) {
    List<CsvReader.Row> rows;
    try {
      rows = CsvReader.parse(text);
    } catch (CsvReader.CsvException e) {
      errors.add(e.line(), e.getMessage());
      return List.of();
    }
    rows = rows.stream().filter(r -> r.fields().stream().anyMatch(f -> !f.isBlank())).toList();
    if (rows.isEmpty()) {
      return List.of();
    }
    CsvReader.Row header = rows.get(0);
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      String column = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
      if (!FIELDS.contains(column)) {
        errors.add(
            header.line(),
            "unknown column \""
                + header.fields().get(i).strip()
                + "\" in the header (allowed: "
                + allowed()
                + ").");
      } else if (columns.put(column, i) != null) {
        errors.add(header.line(), "the column \"" + column + "\" appears twice.");
      }
    }
    if (!columns.containsKey("prompt")) {
      errors.add(
          header.line(), "the first row must be a header with at least a \"prompt\" column.");
      return List.of();
    }
    List<Raw> raws = new ArrayList<>();
    for (CsvReader.Row row : rows.subList(1, rows.size())) {
      if (row.fields().size() != header.fields().size()) {
        errors.add(
            row.line(),
            "has "
                + row.fields().size()
                + " fields but the header has "
                + header.fields().size()
                + " (quote fields that contain commas).");
        continue;
      }
      List<String> lineErrors = new ArrayList<>();
      Map<String, String> metadata = csvMetadata(cell(row, columns, "metadata"), lineErrors);
      Raw raw =
          new Raw(
              row.line(),
              cell(row, columns, "prompt"),
              cell(row, columns, "avatar"),
              cell(row, columns, "voice"),
              cell(row, columns, "orientation"),
              metadata,
              cell(row, columns, "output"));
      if (lineErrors.isEmpty()) {
        raws.add(raw);
      } else {
        lineErrors.forEach(e -> errors.add(row.line(), e));
      }
    }
    return raws;
  }

  /** The cell, {@code null} when the column is absent or the cell empty. */
  private static String cell(CsvReader.Row row, Map<String, Integer> columns, String column) {
    Integer index = columns.get(column);
    if (index == null) {
      return null;
    }
    String value = row.fields().get(index);
    return value.isBlank() ? null : value;
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

  /** The domain's checks on every line, plus the output file names. */
  private static List<BatchLine> check(List<Raw> raws, Problems errors) {
    List<BatchLine> lines = new ArrayList<>();
    Map<String, Integer> outputs = new HashMap<>();
    for (Raw raw : raws) {
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
        Integer earlier = outputs.putIfAbsent(output, raw.line());
        if (problem != null) {
          lineErrors.add(problem);
        } else if (earlier != null) {
          lineErrors.add("output \"" + output + "\" is also the output of line " + earlier + ".");
        }
      }
      if (lineErrors.isEmpty()) {
        lines.add(new BatchLine(raw.line(), request, output));
      } else {
        lineErrors.forEach(e -> errors.add(raw.line(), e));
      }
    }
    return lines;
  }

  /** Outputs are file names under --output-dir: no absolute paths, no way out of the folder. */
  private static String outputProblem(String output) {
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
