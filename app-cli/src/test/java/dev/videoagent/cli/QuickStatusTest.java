package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.adapters.http.sandbox.SandboxGateway;
import dev.videoagent.assembly.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status ID} without picocli prints, tells and returns what the same run through picocli
 * does, and only the exact forms it is meant for take that way.
 */
class QuickStatusTest {
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

  @Test
  void aStoredJobIsShownAsPicocliShowsIt() {
    CliHarness.Result made = cli.run("generate", "A finished job to look at", "--wait", "--json");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    String id = made.id();

    for (List<String> args :
        List.of(
            List.of("status", id),
            List.of("status", id, "--json"),
            List.of("status", "--json", id),
            List.of("status", "vid_NOPE"),
            List.of("status", "vid_NOPE", "--json"))) {
      assertSameAsPicocli(args);
    }
    assertThat(cli.run("status", id, "--json").json().path("status").asText())
        .isEqualTo("completed");
  }

  @Test
  void withoutAKeyOrWithABadSettingItSaysWhatPicocliSays() {
    CliHarness.Result made = cli.run("generate", "Shown as stored", "--wait", "--json");
    String id = made.id();
    cli.env.remove(Setting.PIXAZO_API_KEY.variable());
    assertSameAsPicocli(List.of("status", id));
    CliHarness.Result keyless = cli.run("status", id);
    assertThat(keyless.err()).isEqualTo(Session.notRefreshed() + "\n");

    cli.env.put(Setting.PIXAZO_API_KEY.variable(), sandbox.apiKey());
    cli.env.put(Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable(), "soon");
    assertSameAsPicocli(List.of("status", id, "--json"));
    CliHarness.Result bad = cli.run("status", id, "--json");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains(Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable());
    assertThat(bad.err()).doesNotContain(sandbox.apiKey());
  }

  @Test
  void onlyTheExactFormsTakeTheShortWay() {
    assertThat(QuickStatus.of(List.of("status", "vid_1"))).isPresent();
    assertThat(QuickStatus.of(List.of("status", "vid_1", "--json"))).isPresent();
    assertThat(QuickStatus.of(List.of("status", "--json", "vid_1"))).isPresent();
    for (List<String> other :
        List.<List<String>>of(
            List.of("status"),
            List.of("status", "--help"),
            List.of("status", "-h"),
            List.of("status", "--json"),
            List.of("status", "--json", "--json"),
            List.of("status", "@args.txt"),
            List.of("status", "vid_1", "--home", "/tmp/x"),
            List.of("status", "vid_1", "vid_2"),
            List.of("status", "vid_1", "-V"),
            List.of("status", "", "--json"),
            List.of("--sandbox", "status", "vid_1"),
            List.of("list"),
            List.of())) {
      assertThat(QuickStatus.of(other)).as("%s", other).isEmpty();
    }
  }

  private void assertSameAsPicocli(List<String> args) {
    String[] given = args.toArray(String[]::new);
    CliHarness.Result picocli = cli.runThroughPicocli(given);
    CliHarness.Result quick = cli.run(given);
    assertThat(quick.exitCode()).as("exit code of %s", args).isEqualTo(picocli.exitCode());
    assertThat(quick.out()).as("stdout of %s", args).isEqualTo(picocli.out());
    assertThat(quick.err()).as("stderr of %s", args).isEqualTo(picocli.err());
  }
}
