package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.assembly.config.Settings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Right after the quick start (a sandbox job, no key anywhere): the commands that read stored jobs
 * show them, and say in one line that nothing came from the gateway; those that must reach the
 * gateway say the key is missing.
 */
class KeylessCommandsTest {
  private static final String NOT_REFRESHED = Session.notRefreshed() + "\n";

  @TempDir Path temp;
  CliHarness cli;
  String stored;

  @BeforeEach
  void quickStart() {
    cli = new CliHarness(temp);
    CliHarness.Result quickStart =
        cli.run("generate", "--sandbox", "The quick start", "--wait", "-o", "demo.mp4", "--json");
    assertThat(quickStart.exitCode()).as(quickStart.toString()).isZero();
    stored = quickStart.id();
  }

  @AfterEach
  void tearDown() {
    cli.close();
  }

  @Test
  void listStatusAndDownloadShowWhatIsStoredAndSaySoInOneLine() {
    CliHarness.Result list = cli.run("list");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains(stored).contains("completed");
    assertThat(list.err()).isEqualTo(NOT_REFRESHED);

    CliHarness.Result status = cli.run("status", stored, "--json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.json().path("status").asText()).isEqualTo("completed");
    assertThat(status.json().path("content").path("bytes").asLong())
        .isEqualTo(CliHarness.CLIP.length);
    assertThat(status.err()).isEqualTo(NOT_REFRESHED);

    CliHarness.Result download = cli.run("download", stored, "-o", "again.mp4");
    assertThat(download.exitCode()).as(download.toString()).isZero();
    assertThat(cli.workDir.resolve("again.mp4")).hasBinaryContent(CliHarness.CLIP);
    assertThat(download.err()).isEqualTo(NOT_REFRESHED);
    assertThat(NOT_REFRESHED).contains("PIXAZO_API_KEY is not set").doesNotContain("Exception");
  }

  @Test
  void aDueJobIsShownAsStoredAndNotSentAnywhere() {
    CliHarness.Result pending = cli.run("generate", "--sandbox", "Left pending", "--json");
    assertThat(pending.exitCode()).as(pending.toString()).isZero();
    // Queued at the sandbox, so due for a status read, which needs the gateway.
    CliHarness.Result status = cli.run("status", pending.id(), "--json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.json().path("status").asText()).isIn("queued", "processing");
    assertThat(status.err()).isEqualTo(NOT_REFRESHED);
  }

  @Test
  void commandsThatMustReachTheGatewaySayTheKeyIsMissing() {
    CliHarness.Result generate = cli.run("generate", "Needs the gateway");
    CliHarness.Result await = cli.run("wait", stored, "--timeout", "1s");
    CliHarness.Result retry = cli.run("retry", stored);
    for (CliHarness.Result result : new CliHarness.Result[] {generate, await, retry}) {
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).as(result.toString()).isEqualTo(Settings.MISSING_KEY + "\n");
    }
    // The refused generate stored nothing: the quick start's job is still the only one.
    assertThat(cli.run("list", "--json").jsonLines())
        .extracting(job -> job.path("id").asText())
        .containsExactly(stored);
  }
}
