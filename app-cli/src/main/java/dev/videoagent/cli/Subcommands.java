package dev.videoagent.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands under {@code videoagent}, in the order its help lists them. A run builds in full
 * only the commands it can reach: building picocli's model of a command (its options, their types,
 * the setting flags) is most of what a short command costs at start-up, and a run reaches at most
 * the one it names. The others stay as a name and a description, which is all the top command's
 * help and its "did you mean" need.
 */
final class Subcommands {
  private static final List<Class<?>> IN_ORDER =
      List.of(
          GenerateCommand.class,
          StatusCommand.class,
          ListCommand.class,
          WaitCommand.class,
          EventsCommand.class,
          DownloadCommand.class,
          CancelCommand.class,
          RetryCommand.class,
          BatchCommand.class,
          KeysCommand.class,
          UsageCommand.class,
          StoreCommand.class,
          DbCommand.class,
          ServeCommand.class,
          ConfigCommand.class,
          CompletionCommand.class);

  private final IFactory factory;
  private final GlobalOptions global;

  Subcommands(IFactory factory, GlobalOptions global) {
    this.factory = factory;
    this.global = global;
  }

  /**
   * Adds every command to {@code top}: in full, with the setting flags {@code reach} names, those
   * that it reaches; a name and a description for the rest.
   *
   * <p>A command is reachable when one of the arguments is its name. That is generous (a prompt
   * that is the word "list" builds {@code list} too), never short: picocli picks a subcommand only
   * by an argument equal to its name.
   */
  void addTo(CommandLine top, Reach reach) {
    for (Class<?> type : IN_ORDER) {
      Command command = type.getAnnotation(Command.class);
      if (reach.command(command.name())) {
        CommandLine full = new CommandLine(type, factory);
        global.addTo(full, reach);
        top.addSubcommand(command.name(), full);
      } else {
        top.addSubcommand(command.name(), new CommandLine(outline(command)));
      }
    }
  }

  /** What the top command's help shows of a command that this run cannot reach. */
  private static CommandSpec outline(Command command) {
    CommandSpec spec = CommandSpec.create().name(command.name());
    spec.usageMessage().description(command.description()).header(command.header());
    return spec;
  }
}
