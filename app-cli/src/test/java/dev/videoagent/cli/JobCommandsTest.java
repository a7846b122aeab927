package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.assembly.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, list, wait, download, cancel, retry and keys, against a sandbox that outlives them. */
class JobCommandsTest {
  @TempDir Path temp;
  CliHarness cli;
  SandboxGateway sandbox;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(temp);
    sandbox = cli.remoteSandbox(Duration.ofMillis(300));
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  private String submit(String prompt) {
    CliHarness.Result result = cli.run("generate", prompt, "--json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.id();
  }

  @Test
  void unknownIdsExitTwoWithOneSentence() {
    for (String command : List.of("status", "wait", "cancel", "retry")) {
      CliHarness.Result result = cli.run(command, "vid_NOPE");
      assertThat(result.exitCode()).as(command).isEqualTo(2);
      assertThat(result.err()).as(command).isEqualTo("No job vid_NOPE was found.\n");
      assertThat(result.out()).as(command).isEmpty();
    }
    CliHarness.Result download = cli.run("download", "vid_NOPE", "-o", "x.mp4");
    assertThat(download.exitCode()).isEqualTo(2);
    assertThat(download.err()).isEqualTo("No job vid_NOPE was found.\n");
  }

  @Test
  void waitFinishesTheJobWritesTheVideoAndPrintsOneDocument() throws Exception {
    String id = submit("Wait for me");
    Path file = cli.workDir.resolve("nested/folder/wait.mp4");
    Files.createDirectories(file.getParent());

    CliHarness.Result result = cli.run("wait", id, "-o", file.toString(), "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode job = result.json();
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(file).hasBinaryContent(CliHarness.CLIP);
    assertThat(VideoFiles.sha256(file)).isEqualTo(job.at("/content/sha256").asText());
    assertThat(result.err()).isEmpty();
  }

  @Test
  void pipedWaitPrintsOnePlainLinePerStatusChangeOnStderrAndTheResultOnStdout() {
    String id = submit("Piped");

    CliHarness.Result result = cli.run("wait", id);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> progress = result.err().lines().toList();
    assertThat(progress).isNotEmpty().allMatch(line -> line.startsWith(id + " "));
    assertThat(progress.get(progress.size() - 1)).contains("completed, video stored");
    assertThat(progress).doesNotHaveDuplicates();
    assertThat(result.err()).doesNotContain("\r");
    assertThat(result.out()).contains("status:      completed").doesNotContain("\r");
  }

  @Test
  void waitOnAFailedJobExitsOne() {
    String id = submit("This one will [fail]");

    CliHarness.Result result = cli.run("wait", id, "--json");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.json().at("/error/code").asText()).isEqualTo("gateway_failed");
    assertThat(result.err()).contains("Job " + id + " failed: gateway_failed:");
  }

  @Test
  void waitThatRunsOutOfTimeExitsThreeAndTheJobGoesOn() {
    SandboxGateway slow = cli.remoteSandbox(Duration.ofSeconds(30));
    String id = submit("Slow one");

    CliHarness.Result result = cli.run("wait", id, "--timeout", "1s", "-o", "slow.mp4");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err()).contains("goes on").contains("videoagent wait " + id + " -o slow.mp4");
    assertThat(cli.workDir.resolve("slow.mp4")).doesNotExist();
    assertThat(slow.stats().acceptedSubmissionsFor("Slow one")).isEqualTo(1);
  }

  @Test
  void aWaitBehindTheCapAdvancesTheJobHoldingTheSlotSoBothFinish() {
    cli.env.put(Setting.VIDEOAGENT_MAX_IN_FLIGHT.variable(), "1");
    String holder = submit("Holds the only slot, and nobody tracks it");
    String waiting = submit("Waits for the slot");
    assertThat(cli.run("status", waiting, "--json").json().get("status").asText())
        .isEqualTo("pending");

    // Only this wait runs: it must advance the holder itself, or no slot ever frees.
    CliHarness.Result result = cli.run("wait", waiting, "--timeout", "60s", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.json().get("status").asText()).isEqualTo("completed");
    assertThat(cli.run("status", holder, "--json").json().get("status").asText())
        .isEqualTo("completed");
    assertThat(sandbox.stats().acceptedSubmissionsFor("Waits for the slot")).isEqualTo(1);
    assertThat(sandbox.stats().peakConcurrentJobs()).isEqualTo(1);
  }

  @Test
  void downloadRefusesUnfinishedJobsAndWritesFinishedOnes() throws Exception {
    SandboxGateway slow = cli.remoteSandbox(Duration.ofSeconds(30));
    String running = submit("Still running");
    CliHarness.Result early = cli.run("download", running, "-o", "early.mp4");
    assertThat(early.exitCode()).as(early.toString()).isEqualTo(3);
    assertThat(early.err()).contains("no video yet").contains("videoagent wait " + running);
    assertThat(slow.stats().acceptedSubmissions()).isEqualTo(1);

    cli.remoteSandbox(Duration.ofMillis(300));
    String done = submit("Done soon");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> cli.run("download", done, "-o", "done.mp4").exitCode() == 0);
    Path file = cli.workDir.resolve("done.mp4");
    assertThat(file).hasBinaryContent(CliHarness.CLIP);
    CliHarness.Result again = cli.run("download", done, "-o", "done.mp4");
    assertThat(again.out()).contains("Saved " + done).contains(VideoFiles.sha256(file));

    CliHarness.Result noFile = cli.run("download", done);
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("--output");

    Files.createDirectories(cli.workDir.resolve("a-folder"));
    CliHarness.Result unwritable = cli.run("download", done, "-o", "a-folder");
    assertThat(unwritable.exitCode()).isEqualTo(2);
    assertThat(unwritable.err())
        .isEqualTo(
            "Cannot write a-folder: it is a folder; name a file inside it, such as"
                + " a-folder/video.mp4.\n");
  }

  @Test
  void cancelStopsTrackingWorksWithoutAKeyAndRefusesFinishedJobs() {
    cli.remoteSandbox(Duration.ofSeconds(30));
    String id = submit("Cancel me");
    cli.env.remove(Setting.PIXAZO_API_KEY.variable());

    CliHarness.Result canceled = cli.run("cancel", id, "--json");
    assertThat(canceled.exitCode()).as(canceled.toString()).isZero();
    assertThat(canceled.json().get("status").asText()).isEqualTo("canceled");

    CliHarness.Result again = cli.run("cancel", id);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).isEqualTo("Canceled " + id + ".\n");

    CliHarness.Result waited = cli.run("wait", id, "--sandbox");
    assertThat(waited.exitCode()).isEqualTo(1);
    assertThat(waited.err()).contains("was canceled");

    cli.remoteSandbox(Duration.ofMillis(300));
    String done = submit("Finished");
    assertThat(cli.run("wait", done).exitCode()).isZero();
    CliHarness.Result late = cli.run("cancel", done);
    assertThat(late.exitCode()).isEqualTo(2);
    assertThat(late.err())
        .isEqualTo("Job " + done + " is already completed; there is nothing to cancel.\n");
  }

  @Test
  void retryResubmitsAFailedJobAsANewAttempt() {
    String id = submit("Retry [fail]");
    assertThat(cli.run("wait", id).exitCode()).isEqualTo(1);

    CliHarness.Result retried = cli.run("retry", id, "--json");

    assertThat(retried.exitCode()).as(retried.toString()).isZero();
    assertThat(retried.json().get("attempt").asInt()).isEqualTo(2);
    assertThat(retried.json().get("status").asText()).isEqualTo("queued");
    assertThat(retried.err()).contains("attempt 2");
    assertThat(sandbox.stats().acceptedSubmissionsFor("Retry [fail]")).isEqualTo(2);

    String ok = submit("Fine");
    assertThat(cli.run("wait", ok).exitCode()).isZero();
    CliHarness.Result notFailed = cli.run("retry", ok);
    assertThat(notFailed.exitCode()).isEqualTo(2);
    assertThat(notFailed.err()).contains("Only failed jobs can be retried").contains("completed");
  }

  @Test
  void listFiltersPagesAndPrintsJsonLines() {
    String failed = submit("List [fail]");
    String first = submit("List one");
    String second = submit("List two");
    cli.run("wait", failed);
    cli.run("wait", first);
    cli.run("wait", second);

    CliHarness.Result onlyFailed = cli.run("list", "--status", "failed", "--json");
    assertThat(onlyFailed.exitCode()).isZero();
    assertThat(onlyFailed.jsonLines())
        .extracting(n -> n.get("id").asText())
        .containsExactly(failed);

    CliHarness.Result page = cli.run("list", "--limit", "2", "--json");
    List<JsonNode> lines = page.jsonLines();
    assertThat(lines).extracting(n -> n.get("id").asText()).containsExactly(second, first);
    assertThat(lines).allMatch(n -> n.has("status") && n.has("created_at"));
    assertThat(page.err()).contains("videoagent list --cursor " + first);

    CliHarness.Result next = cli.run("list", "--limit", "2", "--cursor", first, "--json");
    assertThat(next.jsonLines()).extracting(n -> n.get("id").asText()).containsExactly(failed);
    assertThat(next.err()).isEmpty();

    CliHarness.Result table = cli.run("list");
    assertThat(table.out().lines().toList())
        .hasSize(4)
        .first()
        .asString()
        .startsWith("ID")
        .contains("STATUS");
    assertThat(table.out()).contains(first + "  completed");

    assertThat(cli.run("list", "--status", "done").err())
        .startsWith(
            "--status must be one of pending, queued, processing, completed, failed, canceled");
    assertThat(cli.run("list", "--status", "done").exitCode()).isEqualTo(2);
    assertThat(cli.run("list", "--limit", "0").exitCode()).isEqualTo(2);
    assertThat(cli.run("list", "--limit", "many").exitCode()).isEqualTo(2);
  }

  @Test
  void anUnreadableCursorIsRefusedNamingTheOption() {
    String id = submit("Paged");

    for (String cursor : List.of("garbage", "", "vid_01ZZZZZZZZZZZZZZZZZZZZZZZZ", id + "x")) {
      CliHarness.Result result = cli.run("list", "--cursor", cursor);
      assertThat(result.exitCode()).as(cursor).isEqualTo(2);
      assertThat(result.err())
          .as(cursor)
          .startsWith("--cursor \"" + cursor + "\" is not a job id in this database")
          .doesNotContain("No more jobs");
      assertThat(result.out()).as(cursor).isEmpty();
    }
    // The id of a job is a cursor: the page after the only job is empty.
    CliHarness.Result after = cli.run("list", "--cursor", id);
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(after.err()).isEqualTo("No more jobs.\n");
  }

  @Test
  void listAdvancesDueJobsSoALeftAloneJobFinishes() {
    String id = submit("Listed later");

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                cli.run("list", "--json").jsonLines().stream()
                    .anyMatch(n -> n.get("id").asText().equals(id) && !n.get("content").isNull()));
    assertThat(sandbox.stats().acceptedSubmissionsFor("Listed later")).isEqualTo(1);
    assertThat(sandbox.stats().mediaDownloads()).isEqualTo(1);
  }

  @Test
  void keysCreatePrintsANewKeyOnceWithoutNeedingTheGatewayKey() {
    cli.env.remove(Setting.PIXAZO_API_KEY.variable());

    CliHarness.Result first = cli.run("keys", "create", "--tenant", "acme");
    CliHarness.Result second = cli.run("keys", "create", "--tenant", "acme");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out().lines().toList()).singleElement().asString().startsWith("va_");
    assertThat(second.out()).isNotEqualTo(first.out());
    assertThat(first.err()).contains("shown only this once");

    CliHarness.Result bad = cli.run("keys", "create", "--tenant", "no spaces allowed");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("tenant");
    assertThat(cli.run("keys", "create").exitCode()).isEqualTo(2);
    assertThat(cli.run("keys").exitCode()).isEqualTo(2);
  }
}
