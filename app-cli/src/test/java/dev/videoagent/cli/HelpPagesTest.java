package dev.videoagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import picocli.CommandLine;

/**
 * The help pages that the build rendered (in the classes folder, as in the jar) against picocli's
 * live rendering of the same run, for every command, plain and coloured, and the runs that must
 * still go through picocli.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class HelpPagesTest {
  /** Settings in the environment: a page must not depend on them, since the build has none. */
  private static final Map<String, String> ENV =
      Map.of(
          "VIDEOAGENT_HOME", "/srv/videoagent",
          "PIXAZO_API_KEY", "pk-not-a-real-key",
          "VIDEOAGENT_MAX_IN_FLIGHT", "3",
          "VIDEOAGENT_STORE", "s3://bucket/prefix");

  @AfterEach
  void forgetColour() {
    System.clearProperty("picocli.ansi");
  }

  @Test
  void everyPageIsWhatPicocliPrintsForThatRunPlainAndColoured() {
    List<List<String>> requests = HelpPages.requests(whole());
    assertThat(requests)
        .as("top help, every command's help, and the bare commands that have commands")
        .contains(
            List.of("--help"),
            List.of(),
            List.of("status", "--help"),
            List.of("keys"),
            List.of("keys", "create", "--help"),
            List.of("config", "show", "--help"));
    int compared = 0;
    for (boolean ansi : new boolean[] {false, true}) {
      HelpPages pages = builtIn(new HelpPages.Terminal(ansi, HelpPages.WIDTH));
      System.setProperty("picocli.ansi", String.valueOf(ansi));
      for (List<String> request : withShortHelpOption(requests)) {
        HelpPages.Page live = HelpPages.live(HelpPagesTest::context, request);
        Optional<HelpPages.Page> page = pages.find(request);
        assertThat(page).as("a page for %s (ansi %s)", request, ansi).isPresent();
        assertThat(page.get()).as("%s (ansi %s)", request, ansi).isEqualTo(live);
        assertThat(printed(pages, request)).isEqualTo(live);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(4 * 20);
  }

  @Test
  void colouredPagesAreColouredAndPlainOnesAreNot() {
    HelpPages.Page plain = builtIn(new HelpPages.Terminal(false, 80)).find(List.of("--help")).get();
    HelpPages.Page coloured =
        builtIn(new HelpPages.Terminal(true, 80)).find(List.of("--help")).get();
    assertThat(plain.text()).doesNotContain("\u001b[").startsWith("Usage: videoagent");
    assertThat(coloured.text()).contains("\u001b[");
    assertThat(plain.exitCode()).isZero();
    assertThat(plain.toErr()).isFalse();
    HelpPages.Page bare = builtIn(new HelpPages.Terminal(false, 80)).find(List.of()).get();
    assertThat(bare.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bare.toErr()).isTrue();
  }

  @Test
  void anotherWidthOrAnyOtherFormOfTheArgumentsGoesThroughPicocli() {
    assertThat(builtIn(new HelpPages.Terminal(false, 100)).find(List.of("--help"))).isEmpty();
    assertThat(builtIn(new HelpPages.Terminal(true, 132)).find(List.of("status", "--help")))
        .isEmpty();
    HelpPages pages = builtIn(new HelpPages.Terminal(false, 80));
    for (List<String> args :
        List.of(
            List.of("status", "vid_00000000000000000000000000"),
            List.of("list"),
            List.of("--home", "/tmp/x", "--help"),
            List.of("status", "--json", "--help"),
            List.of("nosuch", "--help"),
            List.of("Status", "--help"),
            List.of("../../META-INF", "--help"),
            List.of("status/../keys", "--help"),
            List.of("-hV"),
            List.of("--version"),
            List.of("keys", "create", "extra", "more", "--help"))) {
      assertThat(pages.find(args)).as("%s", args).isEmpty();
    }
  }

  @Test
  void aPageThatCannotBeReadGoesThroughPicocli() {
    for (String broken : List.of("", "no first line", "x out\ntext", "0out\ntext")) {
      HelpPages pages =
          new HelpPages(
              name -> new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8)),
              () -> new HelpPages.Terminal(false, 80));
      assertThat(pages.find(List.of("--help"))).as("%s", broken).isEmpty();
    }
  }

  @Test
  void aNameNeverLeavesThePagesFolder() {
    List<String> looked = new ArrayList<>();
    HelpPages pages =
        new HelpPages(
            name -> {
              looked.add(name);
              return null;
            },
            () -> {
              throw new AssertionError("picocli asked about the terminal for a run with no page");
            });
    pages.find(List.of("keys", "create", "--help"));
    pages.find(List.of("a-b", "-h"));
    pages.find(List.of("..", "--help"));
    pages.find(List.of("-", "--help"));
    pages.find(List.of("list"));
    assertThat(looked)
        .containsExactly(
            "dev/videoagent/cli/pages/videoagent.keys.create.help.plain.txt",
            "dev/videoagent/cli/pages/videoagent.a-b.help.plain.txt",
            "dev/videoagent/cli/pages/videoagent.list.bare.plain.txt");
  }

  @Test
  void theCommandLineUsesAPageAndOtherwiseRunsAsBefore() {
    AtomicReference<String> asked = new AtomicReference<>();
    HelpPages fake =
        new HelpPages(
            name -> {
              asked.set(name);
              return name.endsWith("/videoagent.help.plain.txt")
                  ? new ByteArrayInputStream("0 out\nthe page\n".getBytes(StandardCharsets.UTF_8))
                  : null;
            },
            () -> new HelpPages.Terminal(false, 80));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CliMain(context(new PrintWriter(out), new PrintWriter(err)), fake).run("--help");
    assertThat(exit).isZero();
    assertThat(out).hasToString("the page\n");
    assertThat(asked.get()).isEqualTo("dev/videoagent/cli/pages/videoagent.help.plain.txt");

    List<String> unknown = List.of("nosuch", "--help");
    assertThat(printed(fake, unknown))
        .as("no page: picocli's answer")
        .isEqualTo(HelpPages.live(HelpPagesTest::context, unknown));
    assertThat(asked.get()).endsWith("/videoagent.nosuch.help.plain.txt");
  }

  private static HelpPages builtIn(HelpPages.Terminal terminal) {
    return new HelpPages(
        name -> HelpPagesTest.class.getClassLoader().getResourceAsStream(name), () -> terminal);
  }

  private static HelpPages.Page printed(HelpPages pages, List<String> request) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CliMain(context(new PrintWriter(out), new PrintWriter(err)), pages)
            .run(request.toArray(String[]::new));
    boolean toErr = out.toString().isEmpty();
    return new HelpPages.Page(exit, toErr, toErr ? err.toString() : out.toString());
  }

  private static List<List<String>> withShortHelpOption(List<List<String>> requests) {
    List<List<String>> all = new ArrayList<>(requests);
    for (List<String> request : requests) {
      if (!request.isEmpty() && request.get(request.size() - 1).equals("--help")) {
        List<String> shorter = new ArrayList<>(request.subList(0, request.size() - 1));
        shorter.add("-h");
        all.add(shorter);
      }
    }
    return all;
  }

  private static CommandLine whole() {
    return new CliMain(context(null, null), HelpPages.none()).everything();
  }

  private static CliContext context(PrintWriter out, PrintWriter err) {
    return HelpPages.quietContext(out, err, ENV);
  }
}
