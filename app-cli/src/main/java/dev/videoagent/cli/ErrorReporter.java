package dev.videoagent.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.videoagent.assembly.config.ConfigException;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.port.DailyLimitReachedException;
import dev.videoagent.core.port.GatewayAuthenticationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns whatever ended a command into one sentence on stderr and an exit code: never a stack trace
 * (unless {@code VIDEOAGENT_LOG_LEVEL=DEBUG} asks for one), and never the subscription key, which
 * is masked in every message printed here whatever its source. Messages quote ids, paths and values
 * that came from elsewhere, so they are printed {@link Visible}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final Supplier<List<String>> secrets;
  private final boolean debug;

  ErrorReporter(Supplier<List<String>> secrets, String logLevel) {
    this.secrets = secrets;
    this.debug =
        logLevel != null
            && List.of("DEBUG", "TRACE", "ALL").contains(logLevel.strip().toUpperCase(Locale.ROOT));
  }

  /** A bad flag or argument: the parser's sentence, suggestions, and where to find help. */
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(Visible.text(mask(ex.getMessage())));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
    return report(ex, command.getErr());
  }

  /** What ended a command, told on {@code err}; returns the exit code. */
  int report(Exception ex, PrintWriter err) {
    Throwable cause = unwrap(ex);
    Report report = report(cause);
    err.println(Visible.text(mask(report.sentence())));
    if (debug) {
      cause.printStackTrace(err);
    }
    err.flush();
    return report.exitCode();
  }

  private record Report(int exitCode, String sentence) {}

  private static Report report(Throwable cause) {
    if (cause instanceof CliException cli) {
      return new Report(cli.exitCode(), cli.getMessage());
    }
    if (cause instanceof ConfigException
        || cause instanceof ValidationException
        || cause instanceof DailyLimitReachedException
        || cause instanceof GatewayAuthenticationException) {
      return new Report(ExitCode.USAGE, cause.getMessage());
    }
    if (cause instanceof InterruptedException) {
      return new Report(ExitCode.INTERRUPTED, "Interrupted.");
    }
    if (cause instanceof UncheckedIOException || cause instanceof IOException) {
      IOException io =
          cause instanceof UncheckedIOException unchecked
              ? unchecked.getCause()
              : (IOException) cause;
      String context = cause instanceof UncheckedIOException ? cause.getMessage() + ": " : "";
      return new Report(
          ExitCode.USAGE,
          "A file could not be read or written (" + context + SaveVideo.describe(io) + ").");
    }
    if (cause instanceof IllegalStateException
        && cause.getMessage() != null
        && cause.getMessage().startsWith("Could not")) {
      // The database could not be opened or migrated: the adapter's sentence names it.
      return new Report(ExitCode.USAGE, cause.getMessage());
    }
    return new Report(
        ExitCode.USAGE,
        "videoagent stopped on an unexpected error ("
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
            + "). Run it again with VIDEOAGENT_LOG_LEVEL=DEBUG to see the details.");
  }

  /** Digs the real failure out of Guice's wrappers (a provider that threw, say, a config error). */
  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; depth < 10; depth++) {
      Throwable next = null;
      if (current instanceof ProvisionException provision) {
        next = firstCause(provision.getErrorMessages());
      } else if (current instanceof CreationException creation) {
        next = firstCause(creation.getErrorMessages());
      }
      if (next == null || next == current) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static Throwable firstCause(Collection<Message> messages) {
    return messages.stream().map(Message::getCause).filter(c -> c != null).findFirst().orElse(null);
  }

  private String mask(String text) {
    if (text == null) {
      return "";
    }
    String masked = text;
    for (String secret : secrets.get()) {
      if (secret != null && secret.strip().length() >= 4) {
        masked = masked.replace(secret.strip(), "****");
      }
    }
    return masked;
  }
}
