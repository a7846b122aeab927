package dev.videoagent.embedded.internal;

import dev.videoagent.embedded.VideoAgent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the contract's environment variables into a builder, with the same names, forms and
 * messages as the service and the command line. Blank values count as unset; a variable that is not
 * set leaves the builder's value alone.
 */
public final class Environment {
  public static final String PIXAZO_API_KEY = "PIXAZO_API_KEY";
  public static final String PIXAZO_BASE_URL = "PIXAZO_BASE_URL";
  public static final String VIDEOAGENT_HOME = "VIDEOAGENT_HOME";
  public static final String VIDEOAGENT_DB = "VIDEOAGENT_DB";
  public static final String VIDEOAGENT_SANDBOX = "VIDEOAGENT_SANDBOX";
  public static final String VIDEOAGENT_MAX_IN_FLIGHT = "VIDEOAGENT_MAX_IN_FLIGHT";
  public static final String VIDEOAGENT_JOB_DEADLINE = "VIDEOAGENT_JOB_DEADLINE";
  public static final String VIDEOAGENT_GATEWAY_CONCURRENCY = "VIDEOAGENT_GATEWAY_CONCURRENCY";
  public static final String VIDEOAGENT_GATEWAY_RATE = "VIDEOAGENT_GATEWAY_RATE";
  public static final String VIDEOAGENT_MAX_DOWNLOAD_BYTES = "VIDEOAGENT_MAX_DOWNLOAD_BYTES";

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Environment() {}

  /**
   * @throws IllegalArgumentException with a sentence naming the first bad variable
   */
  public static void applyTo(VideoAgent.Builder builder, Map<String, String> env) {
    value(env, PIXAZO_API_KEY).ifPresent(builder::apiKey);
    value(env, PIXAZO_BASE_URL).ifPresent(v -> builder.baseUrl(url(PIXAZO_BASE_URL, v)));
    value(env, VIDEOAGENT_HOME).ifPresent(v -> builder.home(path(VIDEOAGENT_HOME, v)));
    value(env, VIDEOAGENT_DB).ifPresent(builder::database);
    if (value(env, VIDEOAGENT_SANDBOX).map(v -> bool(VIDEOAGENT_SANDBOX, v)).orElse(false)) {
      builder.sandbox();
    }
    value(env, VIDEOAGENT_MAX_IN_FLIGHT)
        .ifPresent(v -> builder.maxInFlight((int) whole(VIDEOAGENT_MAX_IN_FLIGHT, v, 1, 1_000)));
    value(env, VIDEOAGENT_JOB_DEADLINE)
        .ifPresent(v -> builder.jobDeadline(duration(VIDEOAGENT_JOB_DEADLINE, v)));
    value(env, VIDEOAGENT_GATEWAY_CONCURRENCY)
        .ifPresent(
            v -> builder.concurrency((int) whole(VIDEOAGENT_GATEWAY_CONCURRENCY, v, 1, 256)));
    value(env, VIDEOAGENT_GATEWAY_RATE)
        .ifPresent(v -> builder.callsPerSecond(decimal(VIDEOAGENT_GATEWAY_RATE, v, 0.01, 10_000)));
    value(env, VIDEOAGENT_MAX_DOWNLOAD_BYTES)
        .ifPresent(
            v ->
                builder.maxDownloadBytes(
                    whole(VIDEOAGENT_MAX_DOWNLOAD_BYTES, v, 1, Long.MAX_VALUE)));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static boolean bool(String name, String raw) {
    switch (raw.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
        return true;
      case "false":
      case "0":
      case "no":
        return false;
      default:
        throw new IllegalArgumentException(name + " must be true or false.");
    }
  }

  private static long whole(String name, String raw, long min, long max) {
    try {
      long value = Long.parseLong(raw);
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number from " + min + " to " + max + ".");
    }
  }

  private static double decimal(String name, String raw, double min, double max) {
    try {
      double value = Double.parseDouble(raw);
      if (!(value >= min && value <= max)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a number from " + min + " to " + max + ".");
    }
  }

  /** Reads {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 500ms} or ISO-8601. */
  static Duration duration(String name, String raw) {
    String value = raw.toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(value);
    Duration parsed = null;
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          parsed = Duration.ofMillis(amount);
          break;
        case "s":
          parsed = Duration.ofSeconds(amount);
          break;
        case "m":
          parsed = Duration.ofMinutes(amount);
          break;
        case "h":
          parsed = Duration.ofHours(amount);
          break;
        default:
          parsed = Duration.ofDays(amount);
      }
    } else {
      try {
        parsed = Duration.parse(raw.toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        parsed = null;
      }
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      throw new IllegalArgumentException(
          name + " must be a positive duration such as 90m, 2h or PT2H.");
    }
    return parsed;
  }

  private static URI url(String name, String raw) {
    try {
      return new URI(raw.replaceAll("/+$", ""));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          name + " must be an absolute http(s) URL such as https://gateway.pixazo.ai.");
    }
  }

  private static Path path(String name, String raw) {
    try {
      String expanded = raw;
      if (expanded.equals("~") || expanded.startsWith("~/")) {
        expanded = System.getProperty("user.home") + expanded.substring(1);
      }
      return Path.of(expanded);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(name + " is not a usable folder path.");
    }
  }
}
