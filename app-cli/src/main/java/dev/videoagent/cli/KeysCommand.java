package dev.videoagent.cli;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.usecase.IssueClientKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code videoagent keys}: client keys for the REST service. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = "Manages the REST service's client keys.",
    subcommands = KeysCommand.Create.class,
    footer = {"", "Example:", "  videoagent keys create --tenant acme"})
final class KeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** {@code videoagent keys create --tenant NAME}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      usageHelpAutoWidth = true,
      description = {
        "Makes a REST client key for a tenant.",
        "",
        "Prints the key once on stdout; only its SHA-256 is stored, so it cannot be shown again."
            + " Clients send it as 'Authorization: Bearer KEY'. Needs no subscription key.",
        ""
      },
      footer = {
        "",
        "Example:",
        "  KEY=$(videoagent keys create --tenant acme)",
        "",
        "Exit codes: 0 made, 2 a bad tenant name or a configuration error."
      })
  static final class Create implements Callable<Integer> {
    private final CliContext context;
    private final Sessions sessions;

    @Option(
        names = "--tenant",
        paramLabel = "NAME",
        required = true,
        description = "Whose key: " + TenantName.RULE + ".")
    String tenant;

    Create(CliContext context, Sessions sessions) {
      this.context = context;
      this.sessions = sessions;
    }

    @Override
    public Integer call() {
      if (!TenantName.isValid(tenant)) {
        throw CliException.usage("--tenant must be " + TenantName.RULE + ".");
      }
      try (Session session = sessions.openLocal()) {
        ClientKey key = session.get(IssueClientKey.class).issue(TenantName.of(tenant));
        context.out().println(key.value());
        context.out().flush();
        context.note(
            "Client key for tenant " + tenant + " made. Store it now: it is shown only this once.");
        return ExitCode.OK;
      }
    }
  }
}
