package dev.videoagent.cli;

import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.AssemblyPlan;
import dev.videoagent.assembly.config.Setting;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParseResult;

/**
 * The {@code videoagent} command line. {@link #main} wires the real process; tests build a {@link
 * CliMain} around their own {@link CliContext} (streams, environment, injector factory) and call
 * {@link #run}.
 */
public final class CliMain {
  private final CliContext context;
  private final HelpPages pages;

  CliMain(CliContext context) {
    this(context, HelpPages.builtIn());
  }

  CliMain(CliContext context, HelpPages pages) {
    this.context = context;
    this.pages = pages;
  }

  public static void main(String[] args) {
    // Library and sandbox chatter stays off the terminal unless asked for; must be set before
    // anything logs (CliLogging reads VIDEOAGENT_LOG_LEVEL, system properties first).
    String level = System.getenv(CliContext.LOG_LEVEL_PROPERTY);
    System.setProperty(
        CliContext.LOG_LEVEL_PROPERTY, level == null || level.isBlank() ? "WARN" : level);
    System.exit(new CliMain(CliContext.system()).run(args));
  }

  /**
   * The plan of the assembly that a command of this command line builds in {@code env}, without
   * opening anything: for checks that the command line, the service and the library assemble the
   * same from the same configuration.
   *
   * @param userHome where {@code ~/.videoagent} lives
   */
  public static AssemblyPlan plan(Map<String, String> env, Path userHome) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    CliContext context =
        new CliContext(
            nowhere,
            nowhere,
            env,
            userHome,
            userHome,
            false,
            80,
            InjectorFactory.production(),
            Interrupts.none(),
            level -> {});
    try (Session session = new Sessions(context, new GlobalOptions()).openLocal()) {
      return session.get(Assembly.class).plan();
    }
  }

  /**
   * Parses and runs one command line; returns the exit code.
   *
   * <p>A help page the build rendered is printed as it is ({@link HelpPages}).
   *
   * <p>It is first parsed by a command line built for what the arguments reach ({@link Reach}).
   * When that has only some setting flags and the run turns out to show a usage message, or its
   * arguments have a mistake, nothing has run yet: it goes again, whole, on a command line with
   * every flag, so that the help and the error (with its suggestions) are the complete ones.
   */
  int run(String... args) {
    Optional<HelpPages.Page> page = pages.find(List.of(args));
    if (page.isPresent()) {
      return page.get().printTo(context);
    }
    Optional<QuickStatus> status = QuickStatus.of(List.of(args));
    if (status.isPresent()) {
      GlobalOptions none = new GlobalOptions();
      return status.get().run(context, none, errorReporter(none));
    }
    Reach reach = Reach.of(List.of(args));
    CommandLine commandLine = commandLine(reach);
    if (!reach.everyFlag()) {
      Reach whole = reach.withEveryFlag();
      commandLine
          .setParameterExceptionHandler((mistake, given) -> commandLine(whole).execute(given))
          .setExecutionStrategy(
              parsed ->
                  showsUsage(parsed)
                      ? commandLine(whole).execute(args)
                      : new CommandLine.RunLast().execute(parsed));
    }
    return commandLine.execute(args);
  }

  /**
   * Whether running {@code parsed} prints a usage message: help or version asked for at any level
   * (also in a cluster such as {@code -hV}), or a command that has commands of its own run bare.
   */
  private static boolean showsUsage(ParseResult parsed) {
    ParseResult last = parsed;
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
        return true;
      }
      last = level;
    }
    return !last.commandSpec().subcommands().isEmpty();
  }

  /**
   * The configured picocli command line for {@code args}, as {@link #run} first builds it: the
   * commands they can reach built in full.
   */
  CommandLine commandLine(List<String> args) {
    return commandLine(Reach.of(args));
  }

  /** The whole command line: every command, with every flag. */
  CommandLine everything() {
    return commandLine(Reach.everything());
  }

  /** A configured picocli command line, fresh for each run: it holds the parsed values. */
  private CommandLine commandLine(Reach reach) {
    GlobalOptions global = new GlobalOptions();
    Sessions sessions = new Sessions(context, global);
    Factory factory = new Factory(context, sessions);
    CommandLine commandLine = new CommandLine(new TopCommand(), factory);
    global.addTo(commandLine, reach);
    new Subcommands(factory, global).addTo(commandLine, reach);
    ErrorReporter errors = errorReporter(global);
    commandLine
        .setOut(context.out())
        .setErr(context.err())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
    return commandLine;
  }

  /** Masks the key, whether it came from the run's flags or from the environment. */
  private ErrorReporter errorReporter(GlobalOptions global) {
    return new ErrorReporter(
        () -> {
          List<String> secrets = new ArrayList<>();
          secrets.add(global.value(Setting.PIXAZO_API_KEY).orElse(null));
          secrets.add(context.env().get(Setting.PIXAZO_API_KEY.variable()));
          return secrets;
        },
        context.env().get(CliContext.LOG_LEVEL_PROPERTY));
  }

  /** Makes commands with their collaborators: {@code (CliContext, Sessions)} constructors. */
  private static final class Factory implements IFactory {
    private final CliContext context;
    private final Sessions sessions;

    Factory(CliContext context, Sessions sessions) {
      this.context = context;
      this.sessions = sessions;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      Constructor<K> constructor;
      try {
        constructor = type.getDeclaredConstructor(CliContext.class, Sessions.class);
      } catch (NoSuchMethodException notOurs) {
        return CommandLine.defaultFactory().create(type);
      }
      return constructor.newInstance(context, sessions);
    }
  }
}
