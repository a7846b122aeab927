package dev.videoagent.cli;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.TenantLimits;
import dev.videoagent.core.TenantName;
import dev.videoagent.core.usecase.IssueClientKey;
import dev.videoagent.core.usecase.SetTenantLimits;
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
    subcommands = {KeysCommand.Create.class, KeysCommand.Limit.class},
    footer = {
      "",
      "Examples:",
      "  videoagent keys create --tenant acme",
      "  videoagent keys limit acme --daily 100 --in-flight 3"
    })
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

  /** {@code videoagent keys limit TENANT [--daily N] [--in-flight M] [--clear]}. */
  @Command(
      name = "limit",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      usageHelpAutoWidth = true,
      description = {
        "Sets or shows a tenant's own limits, kept in the database for every instance.",
        "",
        "--daily caps the tenant's creates and retries per UTC day (replacing"
            + " VIDEOAGENT_TENANT_DAILY_LIMIT for it); --in-flight caps its jobs at the gateway at"
            + " once (its other jobs wait, pending). Without options it prints the limits;"
            + " without a tenant, every tenant's.",
        ""
      },
      footer = {"", "Exit codes: 0 done, 2 a bad tenant name, value or configuration error."})
  static final class Limit implements Callable<Integer> {
    private final CliContext context;
    private final Sessions sessions;

    @picocli.CommandLine.Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "TENANT",
        description = "Whose limits: " + TenantName.RULE + ".")
    String tenant;

    @Option(names = "--daily", paramLabel = "N", description = "Creates and retries per UTC day.")
    Long daily;

    @Option(names = "--in-flight", paramLabel = "M", description = "Jobs at the gateway at once.")
    Integer inFlight;

    @Option(names = "--clear", description = "Removes the tenant's own limits.")
    boolean clear;

    Limit(CliContext context, Sessions sessions) {
      this.context = context;
      this.sessions = sessions;
    }

    @Override
    public Integer call() {
      if (tenant != null && !TenantName.isValid(tenant)) {
        throw CliException.usage("TENANT must be " + TenantName.RULE + ".");
      }
      if (tenant == null && (daily != null || inFlight != null || clear)) {
        throw CliException.usage("Name the TENANT whose limits to change.");
      }
      try (Session session = sessions.openLocal()) {
        SetTenantLimits limits = session.get(SetTenantLimits.class);
        if (tenant == null) {
          limits.all().forEach((name, value) -> context.out().println(line(name, value)));
        } else {
          TenantName name = TenantName.of(tenant);
          if (clear) {
            limits.clear(name);
          }
          TenantLimits now =
              daily != null || inFlight != null
                  ? limits.change(name, daily, inFlight)
                  : limits.of(name);
          context.out().println(line(tenant, now));
        }
        context.out().flush();
        return ExitCode.OK;
      }
    }

    private static String line(String tenant, TenantLimits limits) {
      return tenant
          + "  daily="
          + (limits.daily() == null ? "default" : limits.daily())
          + "  in_flight="
          + (limits.inFlight() == null ? "deployment" : limits.inFlight());
    }
  }
}
