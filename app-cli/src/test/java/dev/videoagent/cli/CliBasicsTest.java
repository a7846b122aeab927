package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help, version, completion: fast, and never touching the database or the gateway. */
class CliBasicsTest {
  static final List<String> COMMANDS =
      List.of(
          "generate",
          "status",
          "list",
          "wait",
          "download",
          "cancel",
          "retry",
          "batch",
          "keys",
          "serve",
          "config",
          "completion");

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

  @Test
  void serveRefusesABadPortWithOneSentenceNamingIt() {
    CliHarness.Result result = cli.run("serve", "--sandbox", "--port", "70000");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("VIDEOAGENT_PORT").doesNotContain("Exception");
  }

  @Test
  void helpListsEveryCommandAndEachCommandHasHelpWithAnExample() {
    CliHarness.Result top = cli.run("--help");
    assertThat(top.exitCode()).isZero();
    for (String command : COMMANDS) {
      assertThat(top.out()).contains("  " + command + " ");
      CliHarness.Result help = cli.run(command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out())
          .as(command)
          .contains("Usage: videoagent " + command)
          .contains("videoagent " + command);
      assertThat(help.out()).as(command).containsAnyOf("Example:", "Examples:");
    }
    assertThat(cli.run("keys", "create", "--help").out()).contains("--tenant");
    assertThat(cli.run("config", "show", "--help").out()).contains("masked");
    assertThat(cli.injectorsBuilt).hasValue(0);
    assertThat(cli.home).doesNotExist();
  }

  @Test
  void versionComesFromTheBuild() {
    CliHarness.Result result = cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("videoagent 0.").doesNotContain("${").contains("Java 17");
  }

  @Test
  void completionPrintsABashScriptForEveryCommand() {
    CliHarness.Result result = cli.run("completion");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("complete -F").contains("_picocli_videoagent");
    for (String command : COMMANDS) {
      assertThat(result.out()).contains(command);
    }
    assertThat(result.out()).contains("--orientation").contains("(\"landscape\" \"portrait\")");
    assertThat(cli.injectorsBuilt).hasValue(0);
  }

  @Test
  void configShowAndUsageErrorsOpenNothing() {
    cli.run("config", "show", "--sandbox");
    cli.run("generate");
    cli.run("list", "--status", "nope");
    cli.run("batch", "missing.csv");

    assertThat(cli.injectorsBuilt).hasValue(0);
    assertThat(cli.home).doesNotExist();
  }

  @Test
  void noCommandIsAUsageError() {
    CliHarness.Result result = cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Usage: videoagent");
    assertThat(result.out()).isEmpty();

    CliHarness.Result typo = cli.run("generat", "Hello");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("generate");
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheCommand() {
    CliHarness.Result before = cli.run("--sandbox", "generate", "Before", "--json");
    CliHarness.Result after = cli.run("generate", "After", "--json", "--sandbox");

    assertThat(before.exitCode()).as(before.toString()).isZero();
    assertThat(after.exitCode()).as(after.toString()).isZero();
  }

  @Test
  void theTopHelpIsTheSameWhetherTheCommandsAreBuiltOrOnlyOutlined() {
    CliMain main = new CliMain(cli.context());

    String outlined = main.commandLine(List.of("--help")).getUsageMessage();
    String built = main.commandLine(List.of("--help", "completion")).getUsageMessage();

    assertThat(outlined).isEqualTo(built);
    for (String command : COMMANDS) {
      assertThat(outlined).contains("  " + command + " ");
    }
  }

  @Test
  void aCommandNamedInAnArgumentFileGetsItsOptionsAndTheSettingFlags() throws Exception {
    Path arguments = temp.resolve("args.txt");
    Files.writeString(arguments, "generate\n\"From a file\"\n--sandbox\n--json\n");

    CliHarness.Result result = cli.run("@" + arguments);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.json().get("prompt").asText()).isEqualTo("From a file");
  }

  @Test
  void settingFlagsWorkOnANestedCommandAndAfterAnArgumentThatNamesAnotherCommand() {
    CliHarness.Result nested = cli.run("config", "show", "--sandbox", "--home", temp.toString());
    CliHarness.Result prompt = cli.run("generate", "list", "--sandbox", "--json");

    assertThat(nested.exitCode()).as(nested.toString()).isZero();
    assertThat(nested.out()).containsPattern("VIDEOAGENT_HOME +flag +" + temp);
    assertThat(prompt.exitCode()).as(prompt.toString()).isZero();
    assertThat(prompt.json().get("prompt").asText()).isEqualTo("list");
  }

  @Test
  void everyHelpAndEveryMistakeShowsTheWholeCommandLineEvenWhenTheRunBuiltOnlySomeFlags() {
    CliMain main = new CliMain(cli.context());
    String statusHelp =
        main.commandLine(List.of("status", "--help"))
            .getSubcommands()
            .get("status")
            .getUsageMessage();

    // Asked for directly, in a cluster the arguments alone do not reveal, and a group run bare.
    CliHarness.Result help = cli.run("status", "--help");
    CliHarness.Result cluster = cli.run("status", "-hV");
    CliHarness.Result group = cli.run("keys");
    // A mistake on a run that built only the flags it names: picocli's suggestion needs them all.
    CliHarness.Result typo = cli.run("status", "vid_x", "--sandbx");

    assertThat(statusHelp).contains("--home=DIR", "--store=LOCATION", "--sandbox");
    assertThat(help.out()).isEqualTo(statusHelp);
    assertThat(cluster.out()).isEqualTo(statusHelp);
    assertThat(group.exitCode()).isEqualTo(2);
    assertThat(group.err()).contains("Usage: videoagent keys", "--home=DIR", "--sandbox");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("Unknown option: '--sandbx'", "Possible solutions: --sandbox");
  }

  @Test
  void aRunThatParsesBuildsOnlyTheFlagsItsArgumentsName() {
    CliMain main = new CliMain(cli.context());

    CommandLine lean = main.commandLine(List.of("status", "vid_x", "--home=" + temp, "--json"));
    CommandLine whole = main.commandLine(List.of("status", "--help"));

    assertThat(lean.getSubcommands().get("status").getCommandSpec().optionsMap())
        .containsKeys("--home", "--json")
        .doesNotContainKeys("--sandbox", "--store");
    assertThat(lean.getCommandSpec().optionsMap()).containsKey("--home");
    assertThat(whole.getSubcommands().get("status").getCommandSpec().optionsMap())
        .containsKeys("--home", "--json", "--sandbox", "--store");
  }
}
