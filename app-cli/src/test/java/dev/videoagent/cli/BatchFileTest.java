package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.assembly.json.Json;
import dev.videoagent.cli.BatchFile.BatchLine;
import dev.videoagent.core.Orientation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFileTest {
  @TempDir Path temp;
  final BatchFile reader = new BatchFile(Json.mapper());
  final BatchKeys keys = new BatchKeys(Json.mapper());

  /** What both readings of a file give: the good lines (second reading), the problems (check). */
  private record Read(List<BatchLine> lines, List<String> errors) {}

  private Read read(String name, String content) throws Exception {
    Path file = temp.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return read(reader, file);
  }

  private static Read read(BatchFile reader, Path file) {
    BatchFile.Checked checked = reader.check(file, line -> Optional.empty());
    List<BatchLine> lines = new ArrayList<>();
    try (BatchFile.Entries entries = reader.open(file, line -> Optional.empty())) {
      for (BatchFile.Entry entry = entries.next(); entry != null; entry = entries.next()) {
        if (entry instanceof BatchFile.Entry.Good good) {
          lines.add(good.batchLine());
        }
      }
    }
    return new Read(lines, checked.problems());
  }

  private Map<Integer, String> keysOf(String batchName, List<BatchLine> lines) {
    BatchKeys.Counter counter = keys.counter(batchName);
    Map<Integer, String> byLine = new LinkedHashMap<>();
    lines.forEach(line -> byLine.put(line.line(), counter.next(line.request())));
    return byLine;
  }

  @Test
  void csvHandlesQuotesCommasLineBreaksAndBothMetadataForms() throws Exception {
    Read parsed =
        read(
            "promos.csv",
            "\uFEFFPrompt,orientation,metadata,output\r\n"
                + "\"Spring sale, 20% off\",portrait,sku=A1;region=eu,spring.mp4\r\n"
                + "\r\n"
                + "\"Say \"\"hello\"\"\nthen wave\",,\"{\"\"sku\"\": \"\"B2\"\"}\",\n"
                + "Plain,landscape,,\n");

    assertThat(parsed.errors()).isEmpty();
    List<BatchLine> lines = parsed.lines();
    assertThat(lines).extracting(BatchLine::line).containsExactly(2, 4, 6);
    assertThat(lines.get(0).request().prompt()).isEqualTo("Spring sale, 20% off");
    assertThat(lines.get(0).request().orientation()).isEqualTo(Orientation.PORTRAIT);
    assertThat(lines.get(0).request().metadata())
        .containsExactly(Map.entry("region", "eu"), Map.entry("sku", "A1"));
    assertThat(lines.get(0).output()).isEqualTo("spring.mp4");
    assertThat(lines.get(1).request().prompt()).isEqualTo("Say \"hello\"\nthen wave");
    assertThat(lines.get(1).request().metadata()).containsExactly(Map.entry("sku", "B2"));
    assertThat(lines.get(1).request().orientation()).isNull();
    assertThat(lines.get(1).output()).isNull();
    assertThat(lines.get(2).request().orientation()).isEqualTo(Orientation.LANDSCAPE);
  }

  @Test
  void everyBadLineIsReportedWithItsNumberInFileOrder() throws Exception {
    Read parsed =
        read(
            "mixed.jsonl",
            "{\"prompt\": \"Good one\", \"output\": \"a.mp4\"}\n"
                + "{\"prompt\": \"\"}\n"
                + "\n"
                + "{\"prompt\": \"Sideways\", \"orientation\": \"diagonal\"}\n"
                + "{\"prompt\": \"Typo\", \"voise\": \"x\"}\n"
                + "{not json\n"
                + "[1, 2]\n"
                + "{\"prompt\": \"Numbers\", \"metadata\": {\"n\": 3}}\n"
                + "{\"prompt\": \"Same file\", \"output\": \"a.mp4\"}\n"
                + "{\"prompt\": \"Escape\", \"output\": \"../up.mp4\"}\n"
                + "{\"prompt\": \"Good two\"}\n"
                + "{\"prompt\": \"Long name\", \"output\": \""
                + "n".repeat(1025)
                + "\"}\n");

    assertThat(parsed.lines()).extracting(BatchLine::line).containsExactly(1, 11);
    assertThat(parsed.errors())
        .hasSize(9)
        .satisfiesExactly(
            e -> assertThat(e).startsWith("mixed.jsonl line 2: prompt is required"),
            e -> assertThat(e).startsWith("mixed.jsonl line 4: orientation must be"),
            e -> assertThat(e).startsWith("mixed.jsonl line 5: unknown field \"voise\""),
            e -> assertThat(e).startsWith("mixed.jsonl line 6: not valid JSON"),
            e -> assertThat(e).startsWith("mixed.jsonl line 7: must be a JSON object"),
            e -> assertThat(e).startsWith("mixed.jsonl line 8: metadata.n must be a string"),
            e ->
                assertThat(e)
                    .startsWith(
                        "mixed.jsonl line 9: output \"a.mp4\" is also the output of line 1"),
            e ->
                assertThat(e)
                    .startsWith("mixed.jsonl line 10: output must stay inside --output-dir"),
            e ->
                assertThat(e)
                    .isEqualTo(
                        "mixed.jsonl line 12: output must be at most 1024 characters long."));
  }

  @Test
  void csvProblemsPointAtTheirLines() throws Exception {
    assertThat(read("h.csv", "prompt,colour\nHello,red\n").errors())
        .containsExactly(
            "h.csv line 1: unknown column \"colour\" in the header (allowed: prompt, avatar, voice,"
                + " orientation, metadata, output).");
    assertThat(read("p.csv", "avatar,voice\nx,y\n").errors())
        .singleElement()
        .asString()
        .contains("line 1: the first row must be a header with at least a \"prompt\" column");
    assertThat(read("n.csv", "prompt,output\nOne\nTwo,b.mp4\nThree,c.mp4,extra\n").errors())
        .containsExactly(
            "n.csv line 2: has 1 fields but the header has 2 (quote fields that contain commas).",
            "n.csv line 4: has 3 fields but the header has 2 (quote fields that contain commas).");
    assertThat(read("q.csv", "prompt\nfine\n\"never closed\nstill open\n").errors())
        .containsExactly("q.csv line 3: a quoted field is never closed (a \" is missing).");
    assertThat(read("m.csv", "prompt,metadata\nHi,sku\n").errors())
        .singleElement()
        .asString()
        .startsWith("m.csv line 2: metadata must be key=value pairs");
    assertThat(read("e.csv", "prompt\n").errors())
        .containsExactly("e.csv: the file holds no jobs.");
  }

  @Test
  void onlyJsonLinesAndCsvAreAccepted() throws Exception {
    assertThatThrownBy(() -> read("jobs.txt", "prompt\nHi\n"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining(".jsonl")
        .hasMessageContaining(".csv");
    assertThatThrownBy(() -> read(reader, temp.resolve("missing.csv")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("Could not read");
  }

  @Test
  void keysSurviveAMoveAndAFormatChangeButNotARename() throws Exception {
    List<BatchLine> jsonl =
        read(
                "promos.jsonl",
                "{\"prompt\": \"A\", \"metadata\": {\"b\": \"2\", \"a\": \"1\"}}\n{\"prompt\": \"A\"}\n{\"prompt\": \"A\"}\n")
            .lines();
    Files.createDirectories(temp.resolve("moved"));
    Path csvFile = temp.resolve("moved/promos.csv");
    Files.writeString(csvFile, "prompt,metadata,output\nA,a=1;b=2,x.mp4\nA,,\nA,,\n");
    List<BatchLine> csv = read(reader, csvFile).lines();

    Map<Integer, String> fromJsonl =
        keysOf(BatchKeys.batchName(temp.resolve("promos.jsonl")), jsonl);
    Map<Integer, String> fromCsv = keysOf(BatchKeys.batchName(csvFile), csv);
    Map<Integer, String> renamed = keysOf("promos-v2", jsonl);

    assertThat(fromCsv.get(2)).isEqualTo(fromJsonl.get(1)).startsWith("batch:").hasSize(70);
    // Two identical lines are two jobs, each with its own key.
    assertThat(fromJsonl.get(2)).isNotEqualTo(fromJsonl.get(3));
    assertThat(fromCsv.get(4)).isEqualTo(fromJsonl.get(3));
    assertThat(renamed.get(1)).isNotEqualTo(fromJsonl.get(1));
    // The keys are those of every earlier version, so a batch started before resumes.
    assertThat(fromJsonl.get(2))
        .isEqualTo("batch:18ace2bd973c7b50ab390406234e6adb5da96e59b35787d5e6ce0fe2642b37a2");
    assertThat(fromJsonl.get(3))
        .isEqualTo("batch:fe36dbdb6448087f129198984b4c0caccc3729571aca43664591d21965ca3ba0");
  }

  @Test
  void anOverLongJsonLineIsRefusedByItsNumberAndTheOthersAreStillChecked() throws Exception {
    BatchFile small = new BatchFile(Json.mapper(), 1_000);
    Path file = temp.resolve("long.jsonl");
    Files.writeString(
        file,
        "{\"prompt\": \"One\"}\n{\"prompt\": \""
            + "x".repeat(5_000)
            + "\"}\n{\"prompt\": \"Three\"}\n{\"prompt\": \"\"}\n");

    Read read = read(small, file);

    assertThat(read.lines()).extracting(BatchLine::line).containsExactly(1, 3);
    assertThat(read.errors())
        .containsExactly(
            "long.jsonl line 2: the line is longer than 1,000 characters, far more than a job"
                + " needs; it was not read.",
            "long.jsonl line 4: prompt is required and must not be empty.");
  }

  @Test
  void aLineFarAboveTheRealCapIsRefusedToo() throws Exception {
    Path file = temp.resolve("huge.jsonl");
    Files.writeString(
        file,
        "{\"prompt\": \""
            + "y".repeat(3 * BatchFile.MAX_LINE_CHARS)
            + "\"}\n{\"prompt\": \"ok\"}\n");

    Read read = read(reader, file);

    assertThat(read.errors())
        .singleElement()
        .asString()
        .startsWith("huge.jsonl line 1: the line is longer than 1,048,576 characters");
    assertThat(read.lines()).extracting(BatchLine::line).containsExactly(2);
  }

  @Test
  void anOverLongCsvRecordEndsTheReadingAtTheLineItStarts() throws Exception {
    BatchFile small = new BatchFile(Json.mapper(), 1_000);
    Path file = temp.resolve("open.csv");
    Files.writeString(
        file, "prompt,output\nFine,a.mp4\n\"never closed," + "z\n".repeat(2_000) + "Last,b.mp4\n");

    Read read = read(small, file);

    assertThat(read.lines()).extracting(BatchLine::line).containsExactly(2);
    assertThat(read.errors())
        .containsExactly(
            "open.csv line 3: the record starting on this line is longer than 1,000 characters,"
                + " far more than a job needs (is a closing \" missing?).");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedWithTheirLine() throws Exception {
    Path file = temp.resolve("latin1.jsonl");
    byte[] good = "{\"prompt\": \"fine\"}\n{\"prompt\": \"caf".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(good, good.length + 4);
    bytes[good.length] = (byte) 0xE9;
    bytes[good.length + 1] = '"';
    bytes[good.length + 2] = '}';
    bytes[good.length + 3] = '\n';
    Files.write(file, bytes);

    assertThatThrownBy(() -> reader.check(file, line -> Optional.empty()))
        .isInstanceOf(CliException.class)
        .hasMessage("The batch file " + file + " is not UTF-8 text (line 2).");
  }

  @Test
  void aFurtherCheckOfEachOutputIsReportedOnItsLine() throws Exception {
    Path file = temp.resolve("outs.jsonl");
    Files.writeString(
        file,
        "{\"prompt\": \"A\", \"output\": \"a.mp4\"}\n{\"prompt\": \"B\", \"output\":"
            + " \"pipe\"}\n");

    BatchFile.Checked checked =
        reader.check(
            file,
            line ->
                line.output().equals("pipe") ? Optional.of("pipe is a FIFO.") : Optional.empty());

    assertThat(checked.jobs()).isEqualTo(1);
    assertThat(checked.problems()).containsExactly("outs.jsonl line 2: pipe is a FIFO.");
  }

  @Test
  void manyProblemsAreCountedButOnlyTheFirstHundredWorded() throws Exception {
    Path file = temp.resolve("bad.jsonl");
    Files.writeString(file, "{\"prompt\": \"\"}\n".repeat(250));

    BatchFile.Checked checked = reader.check(file, line -> Optional.empty());

    assertThat(checked.problemCount()).isEqualTo(250);
    assertThat(checked.problems())
        .hasSize(BatchFile.MAX_LISTED_PROBLEMS)
        .last()
        .asString()
        .startsWith("bad.jsonl line 100: ");
  }
}
