package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videoagent.api.json.Json;
import dev.videoagent.cli.BatchFile.BatchLine;
import dev.videoagent.core.Orientation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFileTest {
  @TempDir Path temp;
  final BatchFile reader = new BatchFile(Json.mapper());
  final BatchKeys keys = new BatchKeys(Json.mapper());

  private BatchFile.Parsed read(String name, String content) throws Exception {
    Path file = temp.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return reader.read(file);
  }

  @Test
  void csvHandlesQuotesCommasLineBreaksAndBothMetadataForms() throws Exception {
    BatchFile.Parsed parsed =
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
    BatchFile.Parsed parsed =
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
                + "{\"prompt\": \"Good two\"}\n");

    assertThat(parsed.lines()).extracting(BatchLine::line).containsExactly(1, 11);
    assertThat(parsed.errors())
        .hasSize(8)
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
                    .startsWith("mixed.jsonl line 10: output must stay inside --output-dir"));
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
    assertThatThrownBy(() -> reader.read(temp.resolve("missing.csv")))
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
    List<BatchLine> csv = reader.read(csvFile).lines();

    Map<Integer, String> fromJsonl =
        keys.keys(BatchKeys.batchName(temp.resolve("promos.jsonl")), jsonl);
    Map<Integer, String> fromCsv = keys.keys(BatchKeys.batchName(csvFile), csv);
    Map<Integer, String> renamed = keys.keys("promos-v2", jsonl);

    assertThat(fromCsv.get(2)).isEqualTo(fromJsonl.get(1)).startsWith("batch:").hasSize(70);
    // Two identical lines are two jobs, each with its own key.
    assertThat(fromJsonl.get(2)).isNotEqualTo(fromJsonl.get(3));
    assertThat(fromCsv.get(4)).isEqualTo(fromJsonl.get(3));
    assertThat(renamed.get(1)).isNotEqualTo(fromJsonl.get(1));
  }
}
