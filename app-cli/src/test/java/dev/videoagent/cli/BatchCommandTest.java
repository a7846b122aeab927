package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.assembly.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {
  @TempDir Path temp;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(temp);
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  private Path write(String name, String content) throws Exception {
    Path file = cli.workDir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  @Test
  void aFileWithBadLinesIsReportedWholeAndNothingIsSubmitted() throws Exception {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(300));
    write(
        "mixed.jsonl",
        "{\"prompt\": \"Good\"}\n"
            + "{\"prompt\": \"  \"}\n"
            + "{\"prompt\": \"Bad frame\", \"orientation\": \"round\"}\n"
            + "{\"prompt\": \"Also good\"}\n"
            + "{\"prompt\": 42}\n");

    CliHarness.Result result = cli.run("batch", "mixed.jsonl", "--output-dir", "out");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err().lines().toList())
        .containsExactly(
            "mixed.jsonl line 2: prompt is required and must not be empty.",
            "mixed.jsonl line 3: orientation must be \"landscape\" or \"portrait\".",
            "mixed.jsonl line 5: prompt must be a string.",
            "3 problems in mixed.jsonl; nothing was submitted. Fix the lines and run the command"
                + " again.");
    assertThat(result.out()).isEmpty();
    assertThat(sandbox.stats().submitCalls()).isZero();
    assertThat(cli.workDir.resolve("out")).doesNotExist();
    assertThat(cli.injectorsBuilt).hasValue(0);
  }

  @Test
  void theOutputDirIsMadeWhenMissingButNeverItsParents() throws Exception {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(300));
    write("one.jsonl", "{\"prompt\": \"One\", \"output\": \"sub/one.mp4\"}\n");

    CliHarness.Result deep = cli.run("batch", "one.jsonl", "--output-dir", "no/such/out");
    assertThat(deep.exitCode()).as(deep.toString()).isEqualTo(2);
    assertThat(deep.err())
        .isEqualTo(
            "--output-dir no/such/out: the folder "
                + cli.workDir.resolve("no/such")
                + " does not exist; videoagent makes the folder --output-dir names, not its"
                + " parents.\n");
    assertThat(cli.workDir.resolve("no")).doesNotExist();

    Files.writeString(cli.workDir.resolve("taken"), "a file");
    CliHarness.Result file = cli.run("batch", "one.jsonl", "--output-dir", "taken");
    assertThat(file.exitCode()).isEqualTo(2);
    assertThat(file.err())
        .isEqualTo("--output-dir taken is not a folder; name a folder for the videos.\n");
    assertThat(sandbox.stats().submitCalls()).isZero();

    CliHarness.Result made = cli.run("batch", "one.jsonl", "--output-dir", "out");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    assertThat(cli.workDir.resolve("out/sub/one.mp4")).hasBinaryContent(CliHarness.CLIP);
  }

  @Test
  void aLineWhoseOutputIsNotARegularFileIsReportedBeforeAnythingIsSubmitted() throws Exception {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(300));
    Files.createDirectories(cli.workDir.resolve("out/folder.mp4"));
    SpecialFiles.fifo(cli.workDir.resolve("out/pipe.mp4"));
    Files.writeString(cli.workDir.resolve("out/plain"), "a file, not a folder");
    write(
        "special.jsonl",
        "{\"prompt\": \"Fine\", \"output\": \"fine.mp4\"}\n"
            + "{\"prompt\": \"Pipe\", \"output\": \"pipe.mp4\"}\n"
            + "{\"prompt\": \"Folder\", \"output\": \"folder.mp4\"}\n"
            + "{\"prompt\": \"Under a file\", \"output\": \"plain/x.mp4\"}\n");

    CliHarness.Result result = cli.run("batch", "special.jsonl", "--output-dir", "out");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err().lines().toList())
        .containsExactly(
            "special.jsonl line 2: Cannot write pipe.mp4: it is a FIFO (named pipe), not a"
                + " regular file; videoagent writes videos only to regular files.",
            "special.jsonl line 3: Cannot write folder.mp4: it is a folder; name a file inside"
                + " it, such as folder.mp4/video.mp4.",
            "special.jsonl line 4: output \"plain/x.mp4\" cannot be written: "
                + cli.workDir.resolve("out/plain")
                + " is not a folder.",
            "3 problems in special.jsonl; nothing was submitted. Fix the lines and run the command"
                + " again.");
    assertThat(sandbox.stats().submitCalls()).isZero();
    assertThat(SpecialFiles.kind(cli.workDir.resolve("out/pipe.mp4"))).isEqualTo("fifo");
  }

  @Test
  void anOverLongLineIsOneSentenceWithItsNumberNotAStackTrace() throws Exception {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(300));
    write(
        "long.jsonl",
        "{\"prompt\": \"Short\"}\n{\"prompt\": \""
            + "w".repeat(2 * BatchFile.MAX_LINE_CHARS)
            + "\"}\n");

    CliHarness.Result result = cli.run("batch", "long.jsonl");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "long.jsonl line 2: the line is longer than 1,048,576 characters, far more than a job"
                + " needs; it was not read.\n"
                + "1 problem in long.jsonl; nothing was submitted. Fix the lines and run the"
                + " command again.\n");
    assertThat(sandbox.stats().submitCalls()).isZero();
  }

  @Test
  void aCsvBatchSavesEveryVideoAndAFailedLineExitsOneWithASummary() throws Exception {
    cli.remoteSandbox(Duration.ofMillis(300));
    write(
        "promos.csv",
        "prompt,orientation,metadata,output\n"
            + "\"Spring sale, 20% off\",portrait,sku=A1;region=eu,spring.mp4\n"
            + "Summer sale,landscape,\"{\"\"sku\"\": \"\"B2\"\"}\",\n"
            + "Broken [fail],,,\n"
            + "Autumn sale,,,autumn/leaves.mp4\n");

    CliHarness.Result result =
        cli.run("batch", "promos.csv", "--output-dir", "videos", "--concurrency", "2", "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    List<JsonNode> lines = result.jsonLines();
    assertThat(lines).hasSize(4);
    Map<Integer, JsonNode> byLine = new HashMap<>();
    lines.forEach(n -> byLine.put(n.at("/batch/line").asInt(), n));
    assertThat(byLine).containsOnlyKeys(2, 3, 4, 5);
    assertThat(byLine.get(2).at("/metadata/sku").asText()).isEqualTo("A1");
    assertThat(byLine.get(2).at("/metadata/region").asText()).isEqualTo("eu");
    assertThat(byLine.get(3).at("/metadata/sku").asText()).isEqualTo("B2");
    assertThat(byLine.get(4).get("status").asText()).isEqualTo("failed");
    assertThat(byLine.get(4).at("/error/code").asText()).isEqualTo("gateway_failed");
    Path videos = cli.workDir.resolve("videos");
    String summerId = byLine.get(3).get("id").asText();
    assertThat(videos.resolve("spring.mp4")).hasBinaryContent(CliHarness.CLIP);
    assertThat(videos.resolve("3-" + summerId + ".mp4")).hasBinaryContent(CliHarness.CLIP);
    assertThat(videos.resolve("autumn/leaves.mp4")).hasBinaryContent(CliHarness.CLIP);
    assertThat(byLine.get(5).at("/batch/output").asText())
        .isEqualTo(videos.resolve("autumn/leaves.mp4").toString());
    assertThat(byLine.get(5).at("/batch/download").asText()).isEqualTo("saved");
    assertThat(result.err())
        .contains("Batch promos.csv: 4 lines, 3 completed, 1 failed, 0 unfinished.")
        .contains("--retry-failed");
  }

  @Test
  void anInterruptedBatchResumesWithoutSubmittingOrDownloadingAnythingTwice() throws Exception {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(1500));
    List<String> prompts = new ArrayList<>();
    StringBuilder jsonl = new StringBuilder();
    for (int i = 1; i <= 6; i++) {
      prompts.add("Resumable video number " + i);
      jsonl.append("{\"prompt\": \"Resumable video number ").append(i).append("\"}\n");
    }
    write("resume.jsonl", jsonl.toString());

    // First run: stopped after 3 s. Each job takes at least 1.5 s and two run at once, so the
    // first two are saved by then and the last ones cannot be: interrupted midway.
    CliHarness.Result first =
        cli.run(
            "batch",
            "resume.jsonl",
            "--output-dir",
            "out",
            "--concurrency",
            "2",
            "--timeout",
            "3s");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
    assertThat(first.err())
        .contains("unfinished")
        .contains("Resume with: videoagent batch resume.jsonl --output-dir out --concurrency 2");
    long savedAfterFirst = countVideos();
    assertThat(savedAfterFirst).isBetween(1L, 4L);

    // Second run: finishes the rest.
    CliHarness.Result second =
        cli.run("batch", "resume.jsonl", "--output-dir", "out", "--concurrency", "2");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("Batch resume.jsonl: 6 lines, 6 completed");
    assertThat(countVideos()).isEqualTo(6);
    for (String prompt : prompts) {
      assertThat(sandbox.stats().acceptedSubmissionsFor(prompt)).as(prompt).isEqualTo(1);
    }
    assertThat(sandbox.stats().acceptedSubmissions()).isEqualTo(6);
    assertThat(sandbox.stats().mediaDownloads()).isEqualTo(6);
    Map<Path, FileTime> written = modificationTimes();

    // Third run, from a moved copy of the file: nothing left to do, nothing done again.
    Files.createDirectories(cli.workDir.resolve("elsewhere"));
    Files.copy(cli.workDir.resolve("resume.jsonl"), cli.workDir.resolve("elsewhere/resume.jsonl"));
    CliHarness.Result third = cli.run("batch", "elsewhere/resume.jsonl", "--output-dir", "out");
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(third.out())
        .contains("6 lines, 6 completed (6 already saved earlier), 0 failed, 0 unfinished.");
    assertThat(third.out().lines().filter(l -> l.contains("already saved as out/")).count())
        .isEqualTo(6);
    assertThat(sandbox.stats().acceptedSubmissions()).isEqualTo(6);
    assertThat(sandbox.stats().mediaDownloads()).isEqualTo(6);
    assertThat(modificationTimes()).isEqualTo(written);
  }

  @Test
  void anUnreachableGatewayStopsTheBatchWithExitThree() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    cli.env.put(Setting.PIXAZO_API_KEY.variable(), "some-key-123");
    cli.env.put(Setting.PIXAZO_BASE_URL.variable(), "http://127.0.0.1:" + closedPort);
    write(
        "offline.jsonl", "{\"prompt\": \"One\"}\n{\"prompt\": \"Two\"}\n{\"prompt\": \"Three\"}\n");

    CliHarness.Result result = cli.run("batch", "offline.jsonl", "--concurrency", "1");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.out()).contains("3 lines, 0 completed, 0 failed, 3 unfinished.");
    assertThat(result.err())
        .contains("Could not reach the gateway at http://127.0.0.1:" + closedPort)
        .contains("Resume with: videoagent batch offline.jsonl --concurrency 1");
  }

  @Test
  void withTheInProcessSandboxAStoppedBatchIsResumedByTheNextRun() throws Exception {
    write("short.jsonl", "{\"prompt\": \"Started by one sandbox\", \"output\": \"one.mp4\"}\n");

    CliHarness.Result stopped = cli.run("batch", "short.jsonl", "--sandbox", "--timeout", "1ms");

    assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(3);
    assertThat(stopped.out()).contains("1 line, 0 completed, 0 failed, 1 unfinished.");
    assertThat(stopped.err()).contains("Resume with: videoagent batch short.jsonl --sandbox");

    // A new command starts a new sandbox, which answers for the jobs the first one took.
    CliHarness.Result resumed = cli.run("batch", "short.jsonl", "--sandbox");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("1 line, 1 completed, 0 failed");
    assertThat(cli.workDir.resolve("one.mp4")).hasBinaryContent(CliHarness.CLIP);
  }

  @Test
  void retryFailedResubmitsOnlyTheFailedLines() throws Exception {
    SandboxGateway sandbox = cli.remoteSandbox(Duration.ofMillis(300));
    write("two.jsonl", "{\"prompt\": \"Works\"}\n{\"prompt\": \"Breaks [fail]\"}\n");
    assertThat(cli.run("batch", "two.jsonl").exitCode()).isEqualTo(1);

    CliHarness.Result again = cli.run("batch", "two.jsonl");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(sandbox.stats().acceptedSubmissionsFor("Breaks [fail]")).isEqualTo(1);

    CliHarness.Result retried = cli.run("batch", "two.jsonl", "--retry-failed");
    assertThat(retried.exitCode()).isEqualTo(1);
    assertThat(sandbox.stats().acceptedSubmissionsFor("Breaks [fail]")).isEqualTo(2);
    assertThat(sandbox.stats().acceptedSubmissionsFor("Works")).isEqualTo(1);
    assertThat(retried.out()).contains("line 1: ").contains("already saved as 1-vid_");
  }

  @Test
  void concurrencyIsBoundedByTheInFlightCap() throws Exception {
    cli.remoteSandbox(Duration.ofMillis(300));
    cli.env.put(Setting.VIDEOAGENT_MAX_IN_FLIGHT.variable(), "2");
    write(
        "capped.jsonl", "{\"prompt\": \"One\"}\n{\"prompt\": \"Two\"}\n{\"prompt\": \"Three\"}\n");

    CliHarness.Result result = cli.run("batch", "capped.jsonl", "--concurrency", "5");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).contains("--concurrency 5 is above VIDEOAGENT_MAX_IN_FLIGHT (2)");
    assertThat(countVideos(cli.workDir)).isEqualTo(3);
  }

  @Test
  void aTerminalSeesOneRewrittenStatusLine() throws Exception {
    cli.remoteSandbox(Duration.ofMillis(300));
    cli.interactive = true;
    write("tty.jsonl", "{\"prompt\": \"On a terminal\"}\n");

    CliHarness.Result result = cli.run("batch", "tty.jsonl");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("\rbatch tty: 0/1 done · 0 failed")
        .contains("ETA: no history yet")
        .contains("line 1: vid_")
        .contains("\rbatch tty: 1/1 done");
  }

  private long countVideos() throws Exception {
    return countVideos(cli.workDir.resolve("out"));
  }

  private static long countVideos(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".mp4")).count();
    }
  }

  private Map<Path, FileTime> modificationTimes() throws Exception {
    Map<Path, FileTime> times = new HashMap<>();
    try (Stream<Path> files = Files.list(cli.workDir.resolve("out"))) {
      for (Path file : files.toList()) {
        times.put(file, Files.getLastModifiedTime(file));
      }
    }
    return times;
  }
}
