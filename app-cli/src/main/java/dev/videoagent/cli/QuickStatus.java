package dev.videoagent.cli;

import java.util.List;
import java.util.Optional;

/**
 * {@code videoagent status ID} and {@code status ID --json}, run without picocli: the one command
 * scripts call in a loop, where building picocli's model of the command (and of the top command
 * with its setting flags) was about a third of the run.
 *
 * <p>Taken only for exactly those forms: {@code status}, one id that cannot be read as anything but
 * an id, and at most {@code --json}, before or after it. Any other word, a flag, a second argument,
 * an id starting with {@code -} (a flag or {@code --help}) or {@code @} (an argument file) goes
 * through picocli as before. The command itself is the same {@link StatusCommand} with the same
 * session and the same error reporting, so what it prints and returns is what picocli's run of it
 * would ({@code QuickStatusTest} holds the two to each other).
 */
final class QuickStatus {
  private final String id;
  private final boolean json;

  private QuickStatus(String id, boolean json) {
    this.id = id;
    this.json = json;
  }

  static Optional<QuickStatus> of(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("status")) {
      return Optional.empty();
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.size() == 1 && isId(rest.get(0))) {
      return Optional.of(new QuickStatus(rest.get(0), false));
    }
    if (rest.size() == 2 && rest.contains("--json")) {
      String other = rest.get(0).equals("--json") ? rest.get(1) : rest.get(0);
      if (isId(other)) {
        return Optional.of(new QuickStatus(other, true));
      }
    }
    return Optional.empty();
  }

  private static boolean isId(String word) {
    return !word.isEmpty() && !word.startsWith("-") && !word.startsWith("@");
  }

  /**
   * Runs the command as picocli would have: its exit code, or the reporter's for its failure.
   *
   * @param global the run's global flags, none given; the reporter masks with the same
   */
  int run(CliContext context, GlobalOptions global, ErrorReporter errors) {
    StatusCommand command = new StatusCommand(context, new Sessions(context, global));
    command.id = id;
    command.json = json;
    try {
      return command.call();
    } catch (Exception e) {
      return errors.report(e, context.err());
    }
  }
}
