package dev.videoagent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The command line's help, rendered by picocli when the jar is built and printed from the jar when
 * asked for: {@code videoagent [COMMAND…] --help} (or {@code -h}), and a command that has commands
 * of its own run bare ({@code videoagent}, {@code videoagent keys}).
 *
 * <p>Why: printing a help page through picocli means building its model of the command and
 * rendering it, code that runs once per process and so runs interpreted. That was over two thirds
 * of what {@code --help} cost. The page does not change between runs of one build: it depends on
 * the commands, on whether picocli colours its output, and on its width. So the build renders every
 * page twice, plain and coloured, at picocli's width when it cannot see a terminal (80 columns);
 * {@link #main} does that during the build. A run asks picocli for its own two answers (colour,
 * width) and prints the matching page; any other width (a terminal that is not 80 columns wide),
 * any other form of the arguments, or a missing page goes through picocli as before, so what is
 * printed is always what picocli would print. {@code HelpPagesTest} holds every page to picocli's
 * live output.
 */
final class HelpPages {
  /** Where the pages are, on the class path. */
  static final String FOLDER = "dev/videoagent/cli/pages/";

  /** The width picocli gives a help message when it cannot see a terminal, which pages have. */
  static final int WIDTH = 80;

  private static final Set<String> HELP_OPTIONS = Set.of("-h", "--help");

  /** A command path longer than any the command line has is not looked up. */
  private static final int MAX_PATH = 4;

  private final Function<String, InputStream> resources;
  private final Supplier<Terminal> terminal;

  HelpPages(Function<String, InputStream> resources, Supplier<Terminal> terminal) {
    this.resources = resources;
    this.terminal = terminal;
  }

  /** The pages built into the jar, for the terminal as picocli sees it. */
  static HelpPages builtIn() {
    return new HelpPages(
        name -> HelpPages.class.getClassLoader().getResourceAsStream(name),
        Terminal::asPicocliSeesIt);
  }

  /** No pages: every run goes through picocli. */
  static HelpPages none() {
    return new HelpPages(name -> null, () -> new Terminal(false, WIDTH));
  }

  /** How picocli would render help in this process. */
  record Terminal(boolean ansi, int width) {
    static Terminal asPicocliSeesIt() {
      // Both read by picocli itself, so a page is used exactly when picocli would render the same:
      // colour from its own detection (a terminal, NO_COLOR, CLICOLOR_FORCE, picocli.ansi), width
      // as for a command with usageHelpAutoWidth, as every command here is.
      return new Terminal(
          CommandLine.Help.Ansi.AUTO.enabled(),
          new CommandLine.Model.UsageMessageSpec().autoWidth(true).width());
    }
  }

  /** What a run prints and returns: its text goes to stdout, or to stderr. */
  record Page(int exitCode, boolean toErr, String text) {
    int printTo(CliContext context) {
      PrintWriter stream = toErr ? context.err() : context.out();
      stream.print(text);
      stream.flush();
      return exitCode;
    }

    String encoded() {
      return exitCode + (toErr ? " err\n" : " out\n") + text;
    }

    static Page decoded(String encoded) {
      int space = encoded.indexOf(' ');
      int newline = encoded.indexOf('\n');
      if (space < 1 || newline < space) {
        throw new IllegalStateException("a help page without its first line");
      }
      return new Page(
          Integer.parseInt(encoded.substring(0, space)),
          encoded.substring(space + 1, newline).equals("err"),
          encoded.substring(newline + 1));
    }
  }

  /** The page that running {@code args} prints, when the build made one for this terminal. */
  Optional<Page> find(List<String> args) {
    Optional<String> name = pageName(args);
    // Pages hold picocli's "%n" as it was at build time.
    if (name.isEmpty() || !System.lineSeparator().equals("\n")) {
      return Optional.empty();
    }
    // Most runs that look like a page's (`videoagent list`, `videoagent serve`) have none; asking
    // picocli about the terminal first would cost them its classes and, at a terminal, its stty.
    try (InputStream plain = resources.apply(resourceName(name.get(), false))) {
      if (plain == null) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    Terminal seen = terminal.get();
    if (seen.width() != WIDTH) {
      return Optional.empty();
    }
    try (InputStream page = resources.apply(resourceName(name.get(), seen.ansi()))) {
      if (page == null) {
        return Optional.empty();
      }
      return Optional.of(Page.decoded(new String(page.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException unreadable) {
      // A page that cannot be read is no reason to fail: picocli prints the same.
      return Optional.empty();
    }
  }

  /**
   * The page's name for {@code args}, when they have one of the two forms that pages are made for:
   * command names then a help option, or command names alone. A name is lower-case words joined by
   * hyphens, so no argument can name a resource outside the pages' folder.
   */
  static Optional<String> pageName(List<String> args) {
    boolean help = !args.isEmpty() && HELP_OPTIONS.contains(args.get(args.size() - 1));
    List<String> path = help ? args.subList(0, args.size() - 1) : args;
    if (path.size() > MAX_PATH || !path.stream().allMatch(HelpPages::isCommandName)) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    parts.add("videoagent");
    parts.addAll(path);
    return Optional.of(String.join(".", parts) + (help ? ".help" : ".bare"));
  }

  static String resourceName(String pageName, boolean ansi) {
    return FOLDER + pageName + (ansi ? ".ansi" : ".plain") + ".txt";
  }

  private static boolean isCommandName(String arg) {
    if (arg.isEmpty() || arg.startsWith("-") || arg.endsWith("-")) {
      return false;
    }
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (!(c >= 'a' && c <= 'z') && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * The runs that have a page: every command with a help option, and every command that has
   * commands of its own, bare.
   */
  static List<List<String>> requests(CommandLine whole) {
    List<List<String>> requests = new ArrayList<>();
    addRequests(whole, List.of(), requests);
    return requests;
  }

  private static void addRequests(
      CommandLine command, List<String> path, List<List<String>> requests) {
    List<String> help = new ArrayList<>(path);
    help.add("--help");
    requests.add(List.copyOf(help));
    Map<String, CommandLine> subcommands = command.getSubcommands();
    if (!subcommands.isEmpty()) {
      requests.add(path);
    }
    subcommands.forEach(
        (name, subcommand) -> {
          List<String> deeper = new ArrayList<>(path);
          deeper.add(name);
          addRequests(subcommand, List.copyOf(deeper), requests);
        });
  }

  /** One run of the command line as picocli renders it, with no pages. */
  static Page live(CliContextFactory contexts, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CliMain(contexts.context(new PrintWriter(out), new PrintWriter(err)), none())
            .run(args.toArray(String[]::new));
    String printed = out.toString();
    String complained = err.toString();
    if (!printed.isEmpty() && !complained.isEmpty()) {
      throw new IllegalStateException(
          "videoagent " + String.join(" ", args) + " writes to both stdout and stderr");
    }
    return new Page(exit, printed.isEmpty(), printed.isEmpty() ? complained : printed);
  }

  /** A context for a run whose output goes to the given streams. */
  interface CliContextFactory {
    CliContext context(PrintWriter out, PrintWriter err);
  }

  /**
   * Renders every page into the folder given, plain and coloured; run by the build after the
   * classes are compiled, in a process of its own whose output is not a terminal.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: HelpPages <folder of the class path's root>");
    }
    Path root = Path.of(args[0]);
    int width = Terminal.asPicocliSeesIt().width();
    if (width != WIDTH) {
      throw new IllegalStateException(
          "picocli renders at " + width + " columns here, not " + WIDTH + ": run without a tty");
    }
    // The build's own environment stays out of the pages; HelpPagesTest checks that pages do not
    // depend on it.
    CliContextFactory contexts = (out, err) -> quietContext(out, err, Map.of());
    CommandLine whole = new CliMain(quietContext(null, null, Map.of()), none()).everything();
    // A page left from an earlier build could outlive its command.
    Path folder = root.resolve(FOLDER);
    if (Files.isDirectory(folder)) {
      try (Stream<Path> old = Files.list(folder)) {
        for (Path file : old.toList()) {
          Files.delete(file);
        }
      }
    }
    int written = 0;
    for (List<String> request : requests(whole)) {
      for (boolean ansi : new boolean[] {false, true}) {
        System.setProperty("picocli.ansi", String.valueOf(ansi));
        Page page = live(contexts, request);
        String name = pageName(request).orElseThrow();
        Path file = root.resolve(resourceName(name, ansi));
        Files.createDirectories(file.getParent());
        Files.writeString(file, page.encoded(), StandardCharsets.UTF_8);
        written++;
      }
    }
    System.clearProperty("picocli.ansi");
    System.out.println("videoagent: " + written + " help pages in " + root.resolve(FOLDER));
  }

  /** A context with nothing behind it, for runs that only print help. */
  static CliContext quietContext(PrintWriter out, PrintWriter err, Map<String, String> env) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    return new CliContext(
        out == null ? nowhere : out,
        err == null ? nowhere : err,
        env,
        Path.of("/nonexistent-home"),
        Path.of(""),
        false,
        WIDTH,
        InjectorFactory.production(),
        Interrupts.none(),
        level -> {});
  }
}
