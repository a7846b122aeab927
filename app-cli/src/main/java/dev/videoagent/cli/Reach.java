package dev.videoagent.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What of the command line one run's arguments can reach, so that only that is built: picocli's
 * model of a command and of each of its thirty-odd setting flags is most of what a short command
 * costs at start-up.
 *
 * <ul>
 *   <li>Commands: those the arguments name; every one for an argument file ({@code @file}, which
 *       may hold any of them) and for {@code completion} (which describes them all).
 *   <li>Setting flags: those the arguments name ({@code --home} or {@code --home=DIR}); every one
 *       when the run may show a usage message (no arguments, or a help or version option), since
 *       the help lists them all. A run that turns out to show one anyway, or to have a mistake in
 *       its arguments, is run again with every flag ({@link CliMain#run}), so that help texts and
 *       error messages, with their suggestions, are always those of the whole command line.
 * </ul>
 *
 * <p>Reaching too much costs time, never correctness; reaching too little is impossible for a run
 * that parses: picocli takes an argument as a flag or a command only when it equals its name.
 */
final class Reach {
  private static final Set<String> USAGE_OPTIONS = Set.of("-h", "--help", "-V", "--version");
  private static final String COMPLETION = "completion";

  private final boolean everything;
  private final boolean everyFlag;
  private final Set<String> named;

  private Reach(boolean everything, boolean everyFlag, Set<String> named) {
    this.everything = everything;
    this.everyFlag = everything || everyFlag;
    this.named = named;
  }

  static Reach of(List<String> args) {
    boolean everything =
        args.contains(COMPLETION) || args.stream().anyMatch(arg -> arg.startsWith("@"));
    boolean usage = args.isEmpty() || args.stream().anyMatch(USAGE_OPTIONS::contains);
    Set<String> named =
        args.stream()
            .map(arg -> arg.startsWith("--") ? arg.split("=", 2)[0] : arg)
            .collect(Collectors.toUnmodifiableSet());
    return new Reach(everything, usage, named);
  }

  /** Every command, with every setting flag. */
  static Reach everything() {
    return new Reach(true, true, Set.of());
  }

  /** The same commands, with every setting flag. */
  Reach withEveryFlag() {
    return new Reach(everything, true, named);
  }

  boolean command(String name) {
    return everything || named.contains(name);
  }

  boolean flag(String flag) {
    return everyFlag || named.contains(flag);
  }

  boolean everyFlag() {
    return everyFlag;
  }
}
