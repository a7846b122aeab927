package dev.videoagent.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a command takes from its surroundings, so that tests can run the whole command line
 * in-process: the output streams, the environment, the folders, whether a person is watching, and
 * how to build the injector.
 *
 * @param out the command's output (one JSON document with {@code --json})
 * @param err messages for people: errors, hints, progress when {@code --json} is on
 * @param env the environment variables (instead of {@link System#getenv()})
 * @param userHome where {@code ~/.videoagent} lives
 * @param workingDir the current folder (the default {@code --output-dir} of batch)
 * @param interactive whether stdout is a terminal ({@code System.console() != null})
 * @param columns the terminal's width, for the progress line
 * @param logLevel applies {@code VIDEOAGENT_LOG_LEVEL} when a flag or the config file sets it (the
 *     real process sets the property that {@link CliLogging} reads; tests ignore it)
 */
record CliContext(
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    Path userHome,
    Path workingDir,
    boolean interactive,
    int columns,
    InjectorFactory injectorFactory,
    Interrupts interrupts,
    Consumer<String> logLevel) {

  CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(userHome, "userHome");
    workingDir = workingDir.toAbsolutePath().normalize();
    Objects.requireNonNull(injectorFactory, "injectorFactory");
    Objects.requireNonNull(interrupts, "interrupts");
    Objects.requireNonNull(logLevel, "logLevel");
  }

  /** The system property {@link CliLogging} takes the level from (before the environment). */
  static final String LOG_LEVEL_PROPERTY = "VIDEOAGENT_LOG_LEVEL";

  /** The real process: System.out/err, the real environment, Ctrl-C through a shutdown hook. */
  static CliContext system() {
    Map<String, String> env = System.getenv();
    return new CliContext(
        // UTF-8 whatever the locale says: JSON is UTF-8, and prompts are rarely plain ASCII.
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        env,
        Path.of(System.getProperty("user.home")),
        Path.of(""),
        System.console() != null,
        columns(env.get("COLUMNS")),
        InjectorFactory.production(),
        Interrupts.jvmShutdownHooks(),
        // Read by CliLogging when Logback starts, which is after the settings are read: nothing
        // logs before a command opens its assembly.
        level -> System.setProperty(LOG_LEVEL_PROPERTY, level));
  }

  /**
   * One sentence for a person on stderr, flushed. It may hold text from elsewhere (an id, a path, a
   * gateway message), so it is made {@link Visible} first: compose sentences raw, and let this (or
   * {@link ErrorReporter}) make them safe exactly once.
   */
  void note(String sentence) {
    err.println(Visible.text(sentence));
    err.flush();
  }

  static int columns(String raw) {
    try {
      int value = raw == null ? 80 : Integer.parseInt(raw.strip());
      return value >= 20 && value <= 1000 ? value : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
