package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxConfig;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.testing.TestJobs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's text full of terminal escapes, bidi overrides and invisible characters: what an
 * operator's terminal receives from every command that shows it.
 */
class TerminalEscapesTest {
  /** Clears the screen, retitles the window, rings, rewrites the line, C1 CSI, bidi, LS/PS. */
  static final String NASTY =
      "\u001b[2J\u001b]0;owned\u0007\r\u009b31m\u202etxt.exe\u2028\u2029\u200b\ufeff\u0085";

  /** The sandbox fails a prompt holding its marker, and quotes the marker in the error. */
  static final String FAIL_MARKER = "[fail\u001b[5m\u009b]";

  static final String PROMPT = "Evil " + NASTY + " end " + FAIL_MARKER;

  @TempDir Path temp;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(temp);
    cli.remoteSandbox(
        SandboxConfig.defaults()
            .withCompletionDelay(Duration.ofMillis(300))
            .withFailMarker(FAIL_MARKER));
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  /** Nothing a terminal acts on, except the line breaks between lines. */
  static void assertSafe(String printed) {
    printed
        .codePoints()
        .filter(c -> c != '\n')
        .forEach(
            c -> {
              int type = Character.getType(c);
              assertThat(
                      type == Character.CONTROL
                          || type == Character.FORMAT
                          || type == Character.LINE_SEPARATOR
                          || type == Character.PARAGRAPH_SEPARATOR
                          || type == Character.SURROGATE)
                  .as("U+%04X in:%n%s", c, printed)
                  .isFalse();
            });
  }

  private String failedJob() {
    CliHarness.Result made =
        cli.run(
            "generate", PROMPT, "--metadata", "team\u001b[1m=ops\u009b\u0007", "--wait", "--json");
    assertThat(made.exitCode()).as(made.toString()).isEqualTo(1);
    assertSafe(made.out() + made.err());
    return made.id();
  }

  @Test
  void statusListAndWaitShowEveryControlCharacterAsItsCode() {
    String id = failedJob();
    String shown =
        "Evil \\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u009b31m\\u202etxt.exe\\u2028\\u2029"
            + "\\u200b\\ufeff\\u0085 end [fail\\u001b[5m\\u009b]";

    CliHarness.Result status = cli.run("status", id);
    assertSafe(status.out() + status.err());
    assertThat(status.out())
        .contains("prompt:      " + shown + "\n")
        .contains("metadata:    team\\u001b[1m=ops\\u009b\\u0007\n")
        .contains("error:       gateway_failed: ")
        .contains("the prompt contains [fail\\u001b[5m\\u009b].\n");

    CliHarness.Result list = cli.run("list");
    assertSafe(list.out() + list.err());
    assertThat(list.out()).contains(id + "  failed").contains("Evil \\u001b[2J");

    CliHarness.Result waited = cli.run("wait", id);
    assertThat(waited.exitCode()).isEqualTo(1);
    assertSafe(waited.out() + waited.err());
    assertThat(waited.err()).contains("the prompt contains [fail\\u001b[5m\\u009b].");
  }

  @Test
  void jsonStaysExactJsonAndSafeForATerminalToo() {
    String id = failedJob();

    CliHarness.Result status = cli.run("status", id, "--json");
    CliHarness.Result list = cli.run("list", "--json");

    assertSafe(status.out());
    assertSafe(list.out());
    JsonNode job = status.json();
    assertThat(job.get("prompt").asText()).isEqualTo(PROMPT);
    assertThat(job.at("/metadata/team\u001b[1m").asText()).isEqualTo("ops\u009b\u0007");
    assertThat(job.at("/error/message").asText()).contains(FAIL_MARKER);
    assertThat(status.out()).contains("\\u009b").contains("\\u2028").contains("\\u202e");
    assertThat(list.jsonLines())
        .singleElement()
        .satisfies(line -> assertThat(line.get("prompt").asText()).isEqualTo(PROMPT));
  }

  @Test
  void batchLinesSummariesAndProblemsShowCodesToo() throws Exception {
    Path file = cli.workDir.resolve("evil\u001b[2J.jsonl");
    Files.writeString(
        file,
        "{\"prompt\": \"Fine one\", \"output\": \"tip\\u001b[31m.mp4\"}\n"
            + "{\"prompt\": \"Bad one "
            + FAIL_MARKER.replace("\u001b", "\\u001b").replace("\u009b", "\\u009b")
            + "\"}\n");

    CliHarness.Result run = cli.run("batch", file.getFileName().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertSafe(run.out() + run.err());
    assertThat(run.out())
        .contains("completed, saved to tip\\u001b[31m.mp4")
        .contains("the prompt contains [fail\\u001b[5m\\u009b].")
        .contains("Batch evil\\u001b[2J.jsonl: 2 lines, 1 completed, 1 failed");
    assertThat(cli.workDir.resolve("tip\u001b[31m.mp4")).hasBinaryContent(CliHarness.CLIP);

    Path bad = cli.workDir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"prompt\": \"x\", \"\\u001b]0;owned\\u0007\": 1}\n");
    CliHarness.Result refused = cli.run("batch", "bad.jsonl");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertSafe(refused.out() + refused.err());
    assertThat(refused.err()).contains("unknown field \"\\u001b]0;owned\\u0007\"");
  }

  @Test
  void errorSentencesQuotingAnArgumentShowCodes() {
    CliHarness.Result unknown = cli.run("status", "vid_\u001b[2J\u009bX");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("No job vid_\\u001b[2J\\u009bX was found.\n");

    CliHarness.Result flag = cli.run("list", "--\u001b]0;owned\u0007");
    assertThat(flag.exitCode()).isEqualTo(2);
    assertSafe(flag.err());

    CliHarness.Result cursor = cli.run("list", "--cursor", "\u001b[2J");
    assertSafe(cursor.err());
    assertThat(cursor.err()).startsWith("--cursor \"\\u001b[2J\" is not a job id");
  }

  @Test
  void progressLinesShowCodesAndKeepOnlyTheirOwnControls() {
    VideoJob job =
        TestJobs.pending("vid_\u001b]0;owned\u0007", "cli", Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:05Z"), ZoneOffset.UTC);

    StringWriter plain = new StringWriter();
    new JobProgress.PlainLines(new PrintWriter(plain, true), clock).update(job);
    StringWriter terminal = new StringWriter();
    JobProgress.TerminalLine line =
        new JobProgress.TerminalLine(
            new PrintWriter(terminal, true), EtaEstimate.of(List.of()), clock, 120);
    line.update(job);
    line.close();

    assertSafe(plain.toString());
    assertThat(plain.toString()).startsWith("vid_\\u001b]0;owned\\u0007 pending");
    String drawn = terminal.toString();
    assertThat(drawn).startsWith("\rvid_\\u001b]0;owned\\u0007  pending");
    assertSafe(drawn.replace("\r", "").replace("\u001b[K", ""));
  }

  @Test
  void theProgressLineIsCutBetweenCharactersNeverInsideAPair() {
    String clappers = "\uD83C\uDFAC".repeat(20);

    String cut = JobProgress.TerminalLine.fit("a" + clappers, 12);

    assertThat(cut).isEqualTo("a" + "\uD83C\uDFAC".repeat(9) + "…");
    assertSafe(cut);
  }

  @Test
  void theVisibleFormIsUnambiguous() {
    assertThat(Visible.text("a\\u001b b\u001b c\\\\ d\uD83C\uDFAC e\uDB40\uDC01 f\uD800"))
        .isEqualTo("a\\\\u001b b\\u001b c\\\\\\\\ d\uD83C\uDFAC e\\U000e0001 f\\ud800");
    assertThat(Visible.text("Plain text, accents é and emoji \uD83C\uDFAC stay."))
        .isEqualTo("Plain text, accents é and emoji \uD83C\uDFAC stay.");
  }
}
