package dev.videoagent.assembly.config;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.TenantName;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The forms setting values take, and the parsing helpers behind them: durations, URLs, booleans,
 * numbers, folders. They exist here once; every caller (flags, environment, config file, the
 * library's builder) reads values through them.
 */
public final class Forms {
  private Forms() {}

  // ---------------------------------------------------------------------------------------------
  // Helpers that callers outside the settings use too.

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /** The largest amount the short form ({@code 90s}) takes: nine digits. */
  private static final long MAX_SHORT_AMOUNT = 999_999_999L;

  /**
   * Reads {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 500ms} or ISO-8601 {@code PT2H};
   * empty for anything else, and for zero or negative durations.
   */
  public static Optional<Duration> parseDuration(String raw) {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(value);
    Duration parsed;
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      parsed =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
    } else {
      try {
        parsed = Duration.parse(raw.strip().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    return parsed.isNegative() || parsed.isZero() ? Optional.empty() : Optional.of(parsed);
  }

  /**
   * The shortest text that {@link #parseDuration} reads back as exactly {@code duration}: {@code
   * 2h}, {@code 90m}, {@code 45s}, {@code 1500ms}, else ISO-8601 ({@code PT0.0005S}).
   */
  public static String writeDuration(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return duration.toString();
    }
    long seconds = duration.getSeconds();
    if (duration.getNano() == 0) {
      long[] units = {86_400, 3_600, 60, 1};
      String[] names = {"d", "h", "m", "s"};
      for (int i = 0; i < units.length; i++) {
        if (seconds % units[i] == 0 && seconds / units[i] <= MAX_SHORT_AMOUNT) {
          return seconds / units[i] + names[i];
        }
      }
    }
    if (duration.getNano() % 1_000_000 == 0 && seconds <= MAX_SHORT_AMOUNT / 1000) {
      return duration.toMillis() + "ms";
    }
    return duration.toString();
  }

  /** Hides {@code password=…} in a JDBC URL and the password part of {@code user:password@}. */
  public static String maskPassword(String jdbcUrl) {
    return jdbcUrl
        .replaceAll("(?i)(password=)[^&;]*", "$1****")
        .replaceAll("(//[^/:@]+:)[^@/]*@", "$1****@");
  }

  /** {@code ~} and {@code ~/…} at the start stand for the user's home folder. */
  static Path expandHome(String raw) {
    String value = raw.strip();
    if (value.equals("~") || value.startsWith("~/")) {
      value = System.getProperty("user.home") + value.substring(1);
    }
    return Path.of(value);
  }

  // ---------------------------------------------------------------------------------------------
  // The forms.

  /** Text checked by {@code valid}; written back as it is. */
  static Form<String> text(String rule, Predicate<String> valid) {
    return new Form<>() {
      @Override
      public String read(String text) {
        if (!valid.test(text)) {
          throw new Form.Refused();
        }
        return text;
      }

      @Override
      public boolean accepts(String value) {
        return value != null && valid.test(value);
      }

      @Override
      public String write(String value) {
        return value;
      }

      @Override
      public String rule() {
        return rule;
      }
    };
  }

  /** A whole number from {@code min} to {@code max}. */
  static Form<Long> wholeNumber(long min, long max) {
    return number(
        "must be a whole number from " + min + " to " + max,
        Long::parseLong,
        value -> value >= min && value <= max,
        value -> Long.toString(value));
  }

  /** As {@link #wholeNumber(long, long)}, for an {@code int}. */
  static Form<Integer> count(int min, int max) {
    return number(
        "must be a whole number from " + min + " to " + max,
        Integer::parseInt,
        value -> value >= min && value <= max,
        value -> Integer.toString(value));
  }

  /** A number from {@code min} to {@code max}; written without trailing zeros ({@code 5}). */
  static Form<Double> decimal(double min, double max) {
    return number(
        "must be a number from " + plain(min) + " to " + plain(max),
        Double::parseDouble,
        value -> value >= min && value <= max,
        Forms::plain);
  }

  private static <T> Form<T> number(
      String rule, Function<String, T> parse, Predicate<T> inRange, Function<T, String> write) {
    return new Form<>() {
      @Override
      public T read(String text) {
        T value;
        try {
          value = parse.apply(text);
        } catch (NumberFormatException e) {
          throw new Form.Refused();
        }
        if (!inRange.test(value)) {
          throw new Form.Refused();
        }
        return value;
      }

      @Override
      public boolean accepts(T value) {
        return value != null && inRange.test(value);
      }

      @Override
      public String write(T value) {
        return write.apply(value);
      }

      @Override
      public String rule() {
        return rule;
      }
    };
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A positive duration: {@code 90s}, {@code 15m}, {@code 2h}, {@code PT2H}. */
  static Form<Duration> duration() {
    return new Form<>() {
      @Override
      public Duration read(String text) {
        return parseDuration(text).orElseThrow(Form.Refused::new);
      }

      @Override
      public boolean accepts(Duration value) {
        return value != null && !value.isNegative() && !value.isZero();
      }

      @Override
      public String write(Duration value) {
        return writeDuration(value);
      }

      @Override
      public String rule() {
        return "must be a positive duration such as 90m, 2h or PT2H";
      }
    };
  }

  /** {@code true} or {@code false}, in any letter case; nothing else. */
  static Form<Boolean> bool() {
    return new Form<>() {
      @Override
      public Boolean read(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new Form.Refused();
        };
      }

      @Override
      public boolean accepts(Boolean value) {
        return value != null;
      }

      @Override
      public String write(Boolean value) {
        return value.toString();
      }

      @Override
      public String rule() {
        return "must be true or false";
      }
    };
  }

  /**
   * An absolute http(s) URL without user, query or fragment; trailing slashes are dropped.
   *
   * @param example a URL shown in the sentence when the value is wrong
   */
  static Form<URI> webUrl(String example) {
    return new Form<>() {
      @Override
      public URI read(String text) {
        try {
          URI uri = new URI(text.replaceAll("/+$", ""));
          if (!accepts(uri)) {
            throw new Form.Refused();
          }
          return uri;
        } catch (URISyntaxException e) {
          throw new Form.Refused();
        }
      }

      @Override
      public boolean accepts(URI uri) {
        if (uri == null) {
          return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https"))
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
      }

      @Override
      public String write(URI value) {
        return value.toString();
      }

      @Override
      public String rule() {
        return "must be an absolute http(s) URL without user, query or fragment, such as "
            + example;
      }
    };
  }

  /** {@code file:/a/folder} or {@code s3://bucket/prefix} ({@link StoreLocation}). */
  static Form<StoreLocation> storeLocation() {
    return new Form<>() {
      @Override
      public StoreLocation read(String text) {
        try {
          return StoreLocation.parse(text);
        } catch (IllegalArgumentException e) {
          throw new Form.Refused();
        }
      }

      @Override
      public boolean accepts(StoreLocation value) {
        return value != null;
      }

      @Override
      public String write(StoreLocation value) {
        return value.text();
      }

      @Override
      public String rule() {
        return StoreLocation.RULE;
      }
    };
  }

  /** A folder path; {@code ~} stands for the user's home folder. Made absolute. */
  static Form<Path> folder() {
    return new Form<>() {
      @Override
      public Path read(String text) {
        try {
          return expandHome(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
          throw new Form.Refused();
        }
      }

      @Override
      public boolean accepts(Path value) {
        return value != null;
      }

      @Override
      public String write(Path value) {
        return value.toString();
      }

      @Override
      public String rule() {
        return "must be a usable folder path";
      }
    };
  }

  /** One of the logging levels, in any letter case; written upper case. */
  static Form<String> logLevel() {
    List<String> levels = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    Form<String> names =
        text(
            "must be one of " + String.join(", ", levels),
            value -> levels.contains(value.toUpperCase(Locale.ROOT)));
    return new Form<>() {
      @Override
      public String read(String text) {
        return names.read(text).toUpperCase(Locale.ROOT);
      }

      @Override
      public boolean accepts(String value) {
        return names.accepts(value);
      }

      @Override
      public String write(String value) {
        return value;
      }

      @Override
      public String rule() {
        return names.rule();
      }
    };
  }

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern HOST_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /**
   * An IPv4 or IPv6 address (IPv6 with or without brackets) or a host name. Whether this machine
   * has that address is known only when the service binds it; a name is resolved then too.
   */
  static Form<String> host() {
    return new Form<>() {
      @Override
      public String read(String text) {
        String value = text;
        if (value.startsWith("[") && value.endsWith("]")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!accepts(value)) {
          throw new Form.Refused();
        }
        return value;
      }

      @Override
      public boolean accepts(String value) {
        if (value == null || value.isEmpty()) {
          return false;
        }
        if (value.contains(":")) {
          return value.matches("[0-9A-Fa-f:.]{2,45}") && isIpLiteral(value);
        }
        if (IPV4.matcher(value).matches()) {
          return isIpLiteral(value);
        }
        // A name whose last label is all digits would be an address, and this one is not.
        return !value.matches("(.*\\.)?[0-9]+")
            && value.length() <= 253
            && Arrays.stream(value.split("\\.", -1)).allMatch(l -> HOST_LABEL.matcher(l).matches());
      }

      @Override
      public String write(String value) {
        return value;
      }

      @Override
      public String rule() {
        return "must be an IP address of this machine or a host name, such as 0.0.0.0 (every"
            + " interface, the default) or 127.0.0.1 (this machine only)";
      }
    };
  }

  /** Checks an address literal without a name lookup (the patterns let only literals in). */
  private static boolean isIpLiteral(String value) {
    if (!value.contains(":")) {
      return Arrays.stream(value.split("\\.")).allMatch(part -> Integer.parseInt(part) <= 255);
    }
    try {
      // In brackets, the JDK parses the literal and never falls back to a name lookup.
      return InetAddress.getByName("[" + value + "]") != null;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * {@code tenant:key,tenant2:key2}: tenants by the core's rule, long random keys, one tenant a
   * key.
   */
  static Form<List<ServiceSettings.BootstrapKey>> bootstrapKeys() {
    return new Form<>() {
      @Override
      public List<ServiceSettings.BootstrapKey> read(String text) {
        List<ServiceSettings.BootstrapKey> keys = new ArrayList<>();
        Map<String, String> tenantsByKey = new HashMap<>();
        for (String entry : text.split(",")) {
          String trimmed = entry.strip();
          int colon = trimmed.indexOf(':');
          if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new Form.Refused(rule() + " (one entry is malformed)");
          }
          String tenant = trimmed.substring(0, colon);
          String key = trimmed.substring(colon + 1);
          if (!TenantName.isValid(tenant)) {
            throw new Form.Refused("has a tenant name that is not " + TenantName.RULE);
          }
          Optional<ClientKey> clientKey = ClientKey.parse(key);
          if (clientKey.isEmpty() || !clientKey.get().longEnoughToConfigure()) {
            throw new Form.Refused(
                "has a key shorter than "
                    + ClientKey.MIN_CONFIGURED_CHARS
                    + " characters or with spaces: use long random keys");
          }
          String earlier = tenantsByKey.putIfAbsent(key, tenant);
          if (earlier != null && !earlier.equals(tenant)) {
            throw new Form.Refused(
                "gives one key to two tenants ("
                    + earlier
                    + " and "
                    + tenant
                    + "): a key belongs to one tenant; give each tenant its own key");
          }
          keys.add(new ServiceSettings.BootstrapKey(TenantName.of(tenant), clientKey.get()));
        }
        return List.copyOf(keys);
      }

      @Override
      public boolean accepts(List<ServiceSettings.BootstrapKey> value) {
        return value != null;
      }

      @Override
      public String write(List<ServiceSettings.BootstrapKey> value) {
        return value.stream()
            .map(k -> k.tenant().value() + ":" + k.key().value())
            .collect(Collectors.joining(","));
      }

      @Override
      public String rule() {
        return "must look like tenant:key,tenant2:key2";
      }
    };
  }
}
