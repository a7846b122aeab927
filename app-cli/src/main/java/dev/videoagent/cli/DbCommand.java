package dev.videoagent.cli;

import dev.videoagent.adapters.persistence.Database;
import dev.videoagent.adapters.persistence.DatabaseCopy;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.config.Setting;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code videoagent db}: the job database itself. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = "Works on the job database itself.",
    subcommands = DbCommand.Copy.class,
    footer = {"", "Example:", "  videoagent db copy --to 'jdbc:postgresql://db:5432/videoagent'"})
final class DbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** {@code videoagent db copy --to JDBC_URL}. */
  @Command(
      name = "copy",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      usageHelpAutoWidth = true,
      description = {
        "Copies every job (with its metadata and idempotency key) and every client key from the"
            + " configured database (VIDEOAGENT_DB, SQLite by default) into another one, and"
            + " verifies each table by counts and checksums.",
        "",
        "The target is created or migrated first. Run it again at will: rows the target holds"
            + " already are left alone, and a second run says it changed nothing. A target that"
            + " holds other data under the same ids is refused before anything is written. Stop"
            + " the service and other writers first. Needs no subscription key.",
        ""
      },
      footer = {
        "",
        "Example:",
        "  videoagent db copy --to 'jdbc:postgresql://db:5432/videoagent?user=va&password=…'",
        "",
        "Exit codes: 0 copied (or nothing to copy) and verified, 1 the verification failed,"
            + " 2 a bad URL or a target holding other data, 3 a database could not be opened."
      })
  static final class Copy implements Callable<Integer> {
    private final CliContext context;
    private final Sessions sessions;

    @Option(
        names = "--to",
        paramLabel = "JDBC_URL",
        required = true,
        description =
            "The target: jdbc:postgresql://host:port/database?user=…&password=… or"
                + " jdbc:sqlite:/path/file.db.")
    String to;

    Copy(CliContext context, Sessions sessions) {
      this.context = context;
      this.sessions = sessions;
    }

    @Override
    public Integer call() {
      try (Session session = sessions.openLocal();
          Database target = openTarget(session)) {
        Database source = openSource(session);
        DatabaseCopy.Report report;
        try {
          report = DatabaseCopy.copy(source, target);
        } catch (DatabaseCopy.TargetDiffers refused) {
          throw CliException.usage(refused.getMessage());
        } catch (IllegalStateException failed) {
          throw new CliException(ExitCode.JOB_FAILED, failed.getMessage());
        }
        long rows = 0;
        long written = 0;
        for (DatabaseCopy.TableCopy table : report.tables()) {
          rows += table.rows();
          written += table.copied();
          context
              .out()
              .printf(
                  "%-13s %8d rows: %8d copied, %8d already there, checksum %s verified%n",
                  table.table(),
                  table.rows(),
                  table.copied(),
                  table.alreadyThere(),
                  table.checksum());
        }
        for (String sequence : report.sequences()) {
          context.out().printf("sequence      %s%n", sequence);
        }
        context.out().flush();
        context.note(
            report.changedNothing()
                ? "Nothing to copy: the "
                    + target
                    + " already holds all "
                    + rows
                    + " rows of the "
                    + source
                    + " (verified); this run changed nothing."
                : "Copied "
                    + written
                    + " rows from the "
                    + source
                    + " into the "
                    + target
                    + "; every table verified.");
        return ExitCode.OK;
      }
    }

    private static Database openSource(Session session) {
      try {
        return session.get(Assembly.class).database();
      } catch (IllegalStateException e) {
        throw new CliException(ExitCode.UNAVAILABLE, e.getMessage());
      }
    }

    private Database openTarget(Session session) {
      try {
        return Database.open(to, session.settings().databasePoolSize());
      } catch (IllegalArgumentException e) {
        // The adapter's sentence names the setting it usually reads.
        throw CliException.usage(e.getMessage().replace(Setting.VIDEOAGENT_DB.variable(), "--to"));
      } catch (IllegalStateException e) {
        throw new CliException(ExitCode.UNAVAILABLE, e.getMessage());
      }
    }
  }
}
