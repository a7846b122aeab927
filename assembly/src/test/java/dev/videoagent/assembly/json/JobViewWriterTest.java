package dev.videoagent.assembly.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming writer writes every view exactly as the object mapper does, indented or not, with
 * the default escapes or with escapes of its own: views with every field set (so a field added to
 * {@link JobView} and not to the writer shows here), with every optional field null, and with the
 * instants and texts whose formatting could differ.
 */
class JobViewWriterTest {
  private static final Instant CREATED = Instant.parse("2026-12-03T01:02:03.456Z");

  private static final List<JobView> VIEWS =
      List.of(
          everyField(),
          nothingOptional(),
          new JobView(
              "vid_2",
              "completed",
              "Quotes \" and \\ backslashes, tabs\t, a bell \u0007, a DEL \u007f, é, 東京, 🎬",
              "Daisy-inpizza",
              "a_voice",
              "portrait",
              metadata("k", "\u001b[31mred\u001b[0m", "unicode", "ü😀"),
              URI.create("https://example.com/hook?x=1&y=%20"),
              "req_1",
              URI.create("https://cdn.example.com/v.mp4"),
              new JobView.ContentView("ab".repeat(32), Long.MAX_VALUE, "video/mp4"),
              null,
              0,
              null,
              true,
              null,
              Instant.parse("2026-12-03T01:02:03Z"),
              Instant.parse("2026-12-03T01:02:03.400Z"),
              Instant.parse("2026-12-03T01:02:03.001Z"),
              null,
              null));

  @Test
  void writesWhatTheMapperWritesOnOneLineAndIndented() throws Exception {
    assertWritesAsTheMapper(new JobViewWriter(), Json.mapper());
  }

  @Test
  void writesWhatTheMapperWritesWithTheSameEscapes() throws Exception {
    ObjectMapper mapper = Json.mapper();
    mapper.getFactory().setCharacterEscapes(new EveryControlCharacter());
    assertWritesAsTheMapper(
        new JobViewWriter(new JsonFactory().setCharacterEscapes(new EveryControlCharacter())),
        mapper);
  }

  private static void assertWritesAsTheMapper(JobViewWriter writer, ObjectMapper mapper)
      throws Exception {
    for (JobView view : VIEWS) {
      assertThat(writer.line(view)).isEqualTo(mapper.writeValueAsString(view));
      assertThat(writer.utf8Line(view)).isEqualTo(mapper.writeValueAsBytes(view));
      assertThat(writer.document(view))
          .isEqualTo(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(view));
    }
  }

  @Test
  void whatItWritesReadsBackAsTheSameView() throws Exception {
    ObjectMapper mapper = Json.mapper();
    JobViewWriter writer = new JobViewWriter();

    for (JobView view : VIEWS) {
      assertThat(mapper.readValue(writer.line(view), JobView.class)).isEqualTo(view);
    }
  }

  private static JobView everyField() {
    return new JobView(
        "vid_01M8W88EWQJ2NEB6NVHJRBXCHW",
        "failed",
        "A short benchmark video",
        "avatar",
        "voice",
        "landscape",
        metadata("team", "growth", "run", "42"),
        URI.create("https://example.com/callback"),
        "gw_123",
        URI.create("https://gateway.example.com/video/1.mp4"),
        new JobView.ContentView("0".repeat(64), 1_234_567, "video/mp4"),
        new JobView.ErrorView("download_failed", "The video \"link\" expired."),
        3,
        "gateway",
        true,
        CREATED.plusSeconds(60),
        CREATED,
        CREATED.plusMillis(1),
        CREATED.plusSeconds(600),
        CREATED.plusSeconds(300),
        CREATED.plusSeconds(120));
  }

  private static JobView nothingOptional() {
    return new JobView(
        "vid_1", "pending", "Hi", null, null, null, Map.of(), null, null, null, null, null, 1, null,
        false, null, CREATED, CREATED, null, null, null);
  }

  private static Map<String, String> metadata(String... pairs) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      metadata.put(pairs[i], pairs[i + 1]);
    }
    return metadata;
  }

  /** Escapes DEL and every non-ASCII character too, as a terminal-safe writer might. */
  private static final class EveryControlCharacter extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

    EveryControlCharacter() {
      ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
