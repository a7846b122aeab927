package dev.videoagent.api.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective configuration, read once from layered sources by the contract's variable names.
 * Validated as a whole on load, so a bad value fails at start with a sentence naming it, not
 * minutes later in a background thread. {@link #toString()} masks secrets.
 *
 * @param apiKey the Pixazo subscription key; {@code null} only in sandbox mode
 * @param host the address to listen on; {@value #ALL_INTERFACES} (or {@code ::}) for every
 *     interface
 * @param publicUrl the service's externally reachable base URL, or {@code null}
 */
public record Settings(
    String apiKey,
    URI baseUrl,
    Path home,
    String databaseUrl,
    boolean sandbox,
    String host,
    int port,
    URI publicUrl,
    List<BootstrapKey> bootstrapKeys,
    int maxInFlight,
    Duration jobDeadline,
    int gatewayConcurrency,
    double gatewayCallsPerSecond,
    long maxDownloadBytes,
    Duration gatewayTimeout,
    Duration claimLease) {

  public static final String PIXAZO_API_KEY = "PIXAZO_API_KEY";
  public static final String PIXAZO_BASE_URL = "PIXAZO_BASE_URL";
  public static final String VIDEOAGENT_HOME = "VIDEOAGENT_HOME";
  public static final String VIDEOAGENT_DB = "VIDEOAGENT_DB";
  public static final String VIDEOAGENT_SANDBOX = "VIDEOAGENT_SANDBOX";
  public static final String VIDEOAGENT_HOST = "VIDEOAGENT_HOST";
  public static final String VIDEOAGENT_PORT = "VIDEOAGENT_PORT";
  public static final String VIDEOAGENT_PUBLIC_URL = "VIDEOAGENT_PUBLIC_URL";
  public static final String VIDEOAGENT_API_KEYS = "VIDEOAGENT_API_KEYS";
  public static final String VIDEOAGENT_MAX_IN_FLIGHT = "VIDEOAGENT_MAX_IN_FLIGHT";
  public static final String VIDEOAGENT_JOB_DEADLINE = "VIDEOAGENT_JOB_DEADLINE";
  public static final String VIDEOAGENT_GATEWAY_CONCURRENCY = "VIDEOAGENT_GATEWAY_CONCURRENCY";
  public static final String VIDEOAGENT_GATEWAY_RATE = "VIDEOAGENT_GATEWAY_RATE";
  public static final String VIDEOAGENT_MAX_DOWNLOAD_BYTES = "VIDEOAGENT_MAX_DOWNLOAD_BYTES";
  public static final String VIDEOAGENT_GATEWAY_TIMEOUT = "VIDEOAGENT_GATEWAY_TIMEOUT";
  public static final String VIDEOAGENT_CLAIM_LEASE = "VIDEOAGENT_CLAIM_LEASE";

  /** Every variable this product reads, in the order the docs list them. */
  public static final List<String> NAMES =
      List.of(
          PIXAZO_API_KEY,
          PIXAZO_BASE_URL,
          VIDEOAGENT_HOME,
          VIDEOAGENT_DB,
          VIDEOAGENT_SANDBOX,
          VIDEOAGENT_HOST,
          VIDEOAGENT_PORT,
          VIDEOAGENT_PUBLIC_URL,
          VIDEOAGENT_API_KEYS,
          VIDEOAGENT_MAX_IN_FLIGHT,
          VIDEOAGENT_JOB_DEADLINE,
          VIDEOAGENT_GATEWAY_CONCURRENCY,
          VIDEOAGENT_GATEWAY_RATE,
          VIDEOAGENT_MAX_DOWNLOAD_BYTES,
          VIDEOAGENT_GATEWAY_TIMEOUT,
          VIDEOAGENT_CLAIM_LEASE);

  public static final String DEFAULT_BASE_URL = "https://gateway.pixazo.ai";

  /** {@code VIDEOAGENT_HOST}'s default: every interface, IPv4 and IPv6. */
  public static final String ALL_INTERFACES = "0.0.0.0";

  /** The key the sandbox accepts; it is not a secret. */
  public static final String SANDBOX_KEY = "sandbox";

  /** A client key given in configuration. {@link #toString()} hides the key. */
  public record BootstrapKey(String tenant, String key) {
    @Override
    public String toString() {
      return tenant + ":****";
    }
  }

  public Optional<URI> publicUrlIfSet() {
    return Optional.ofNullable(publicUrl);
  }

  /** Whether the service listens on every interface rather than one address. */
  public boolean listensEverywhere() {
    return host.equals(ALL_INTERFACES) || host.equals("::");
  }

  public Path videosDir() {
    return home.resolve("videos");
  }

  /**
   * Reads and checks every setting.
   *
   * @param userHome the user's home folder, for the default {@code ~/.videoagent}
   * @throws ConfigException naming the first bad or missing variable
   */
  public static Settings load(ConfigSource source, Path userHome) {
    boolean sandbox = bool(source, VIDEOAGENT_SANDBOX, false);
    String apiKey = source.get(PIXAZO_API_KEY).map(String::strip).orElse(null);
    if (apiKey == null && !sandbox) {
      throw new ConfigException(
          PIXAZO_API_KEY
              + " is not set: set it to your Pixazo subscription key, or use --sandbox"
              + " (VIDEOAGENT_SANDBOX=true) to try videoagent without one.");
    }
    if (apiKey != null && !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ConfigException(
          PIXAZO_API_KEY + " contains spaces or invisible characters: paste the key alone.");
    }
    URI baseUrl = webUrl(source, PIXAZO_BASE_URL).orElse(URI.create(DEFAULT_BASE_URL));
    Path home =
        source
            .get(VIDEOAGENT_HOME)
            .map(v -> path(VIDEOAGENT_HOME, v))
            .orElse(userHome.resolve(".videoagent"))
            .toAbsolutePath()
            .normalize();
    String db =
        source
            .get(VIDEOAGENT_DB)
            .map(String::strip)
            .orElse("jdbc:sqlite:" + home.resolve("videoagent.db"));
    if (!db.startsWith("jdbc:sqlite:") && !db.startsWith("jdbc:postgresql:")) {
      throw new ConfigException(
          VIDEOAGENT_DB + " must be a jdbc:sqlite:… or jdbc:postgresql:… URL.");
    }
    String host = host(source);
    int port = integer(source, VIDEOAGENT_PORT, 8080, 0, 65_535);
    URI publicUrl = webUrl(source, VIDEOAGENT_PUBLIC_URL).orElse(null);
    List<BootstrapKey> keys = bootstrapKeys(source.get(VIDEOAGENT_API_KEYS).orElse(""));
    int maxInFlight = integer(source, VIDEOAGENT_MAX_IN_FLIGHT, 10, 1, 1_000);
    Duration deadline = duration(source, VIDEOAGENT_JOB_DEADLINE, Duration.ofHours(2));
    int concurrency = integer(source, VIDEOAGENT_GATEWAY_CONCURRENCY, 8, 1, 256);
    double rate = decimal(source, VIDEOAGENT_GATEWAY_RATE, 5.0, 0.01, 10_000);
    long maxBytes =
        longInteger(
            source, VIDEOAGENT_MAX_DOWNLOAD_BYTES, 2L * 1024 * 1024 * 1024, 1, Long.MAX_VALUE);
    Duration gatewayTimeout = duration(source, VIDEOAGENT_GATEWAY_TIMEOUT, Duration.ofSeconds(60));
    Duration lease = duration(source, VIDEOAGENT_CLAIM_LEASE, Duration.ofMinutes(3));
    // A worker must never lose its claim while its gateway call may still be under way, or
    // another worker could act on the same job.
    if (lease.compareTo(gatewayTimeout.multipliedBy(2)) < 0) {
      throw new ConfigException(
          VIDEOAGENT_CLAIM_LEASE
              + " must be at least twice "
              + VIDEOAGENT_GATEWAY_TIMEOUT
              + " ("
              + gatewayTimeout
              + ").");
    }
    return new Settings(
        apiKey,
        baseUrl,
        home,
        db,
        sandbox,
        host,
        port,
        publicUrl,
        keys,
        maxInFlight,
        deadline,
        concurrency,
        rate,
        maxBytes,
        gatewayTimeout,
        lease);
  }

  @Override
  public String toString() {
    return "Settings[apiKey="
        + (apiKey == null ? "unset" : "****")
        + ", baseUrl="
        + baseUrl
        + ", home="
        + home
        + ", databaseUrl="
        + maskPassword(databaseUrl)
        + ", sandbox="
        + sandbox
        + ", host="
        + host
        + ", port="
        + port
        + ", publicUrl="
        + publicUrl
        + ", bootstrapKeys="
        + bootstrapKeys
        + ", maxInFlight="
        + maxInFlight
        + ", jobDeadline="
        + jobDeadline
        + ", gatewayConcurrency="
        + gatewayConcurrency
        + ", gatewayCallsPerSecond="
        + gatewayCallsPerSecond
        + ", maxDownloadBytes="
        + maxDownloadBytes
        + ", gatewayTimeout="
        + gatewayTimeout
        + ", claimLease="
        + claimLease
        + "]";
  }

  /** Hides {@code password=…} in a JDBC URL and the password part of {@code user:password@}. */
  public static String maskPassword(String jdbcUrl) {
    return jdbcUrl
        .replaceAll("(?i)(password=)[^&;]*", "$1****")
        .replaceAll("(//[^/:@]+:)[^@/]*@", "$1****@");
  }

  private static boolean bool(ConfigSource source, String name, boolean fallback) {
    Optional<String> raw = source.get(name).map(v -> v.strip().toLowerCase(Locale.ROOT));
    if (raw.isEmpty()) {
      return fallback;
    }
    switch (raw.get()) {
      case "true":
      case "1":
      case "yes":
        return true;
      case "false":
      case "0":
      case "no":
        return false;
      default:
        throw new ConfigException(name + " must be true or false.");
    }
  }

  private static int integer(ConfigSource source, String name, int fallback, int min, int max) {
    return (int) longInteger(source, name, fallback, min, max);
  }

  private static long longInteger(
      ConfigSource source, String name, long fallback, long min, long max) {
    Optional<String> raw = source.get(name).map(String::strip);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ".");
    }
  }

  private static double decimal(
      ConfigSource source, String name, double fallback, double min, double max) {
    Optional<String> raw = source.get(name).map(String::strip);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(raw.get());
      if (!(value >= min && value <= max)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a number from " + min + " to " + max + ".");
    }
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /**
   * Reads {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 500ms} or ISO-8601 {@code PT2H}.
   */
  public static Optional<Duration> parseDuration(String raw) {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return d.isZero() ? Optional.empty() : Optional.of(d);
    }
    try {
      Duration d = Duration.parse(raw.strip().toUpperCase(Locale.ROOT));
      return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Duration duration(ConfigSource source, String name, Duration fallback) {
    Optional<String> raw = source.get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    return parseDuration(raw.get())
        .orElseThrow(
            () ->
                new ConfigException(
                    name + " must be a positive duration such as 90m, 2h or PT2H."));
  }

  private static Optional<URI> webUrl(ConfigSource source, String name) {
    Optional<String> raw = source.get(name).map(String::strip);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.get().replaceAll("/+$", ""));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new URISyntaxException(raw.get(), "not an absolute http(s) URL");
      }
      if (uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new URISyntaxException(raw.get(), "no user, query or fragment allowed");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new ConfigException(
          name + " must be an absolute http(s) URL such as https://host.example.com.");
    }
  }

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern HOST_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /**
   * An IPv4 or IPv6 address (IPv6 with or without brackets) or a host name. Whether this machine
   * has that address is known only when the service binds it; a name is resolved then too.
   */
  private static String host(ConfigSource source) {
    Optional<String> raw = source.get(VIDEOAGENT_HOST).map(String::strip);
    if (raw.isEmpty()) {
      return ALL_INTERFACES;
    }
    String value = raw.get();
    if (value.startsWith("[") && value.endsWith("]")) {
      value = value.substring(1, value.length() - 1);
    }
    boolean valid;
    if (value.contains(":")) {
      valid = value.matches("[0-9A-Fa-f:.]{2,45}") && isIpLiteral(value);
    } else if (IPV4.matcher(value).matches()) {
      valid = isIpLiteral(value);
    } else {
      // A name whose last label is all digits would be an address, and this one is not.
      valid =
          !value.matches("(.*\\.)?[0-9]+")
              && value.length() <= 253
              && !value.isEmpty()
              && Arrays.stream(value.split("\\.", -1))
                  .allMatch(l -> HOST_LABEL.matcher(l).matches());
    }
    if (!valid) {
      throw new ConfigException(
          VIDEOAGENT_HOST
              + " must be an IP address of this machine or a host name, such as 0.0.0.0 (every"
              + " interface, the default) or 127.0.0.1 (this machine only).");
    }
    return value;
  }

  /** Checks an address literal without a name lookup (the pattern above let only literals in). */
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

  private static Path path(String name, String raw) {
    try {
      String expanded = raw.strip();
      if (expanded.equals("~") || expanded.startsWith("~/")) {
        expanded = System.getProperty("user.home") + expanded.substring(1);
      }
      return Path.of(expanded);
    } catch (RuntimeException e) {
      throw new ConfigException(name + " is not a usable folder path.");
    }
  }

  private static List<BootstrapKey> bootstrapKeys(String raw) {
    List<BootstrapKey> keys = new ArrayList<>();
    Map<String, String> tenantsByKey = new HashMap<>();
    if (raw.isBlank()) {
      return keys;
    }
    for (String entry : raw.split(",")) {
      String trimmed = entry.strip();
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || colon == trimmed.length() - 1) {
        throw new ConfigException(
            VIDEOAGENT_API_KEYS
                + " must look like tenant:key,tenant2:key2 (one entry is malformed).");
      }
      String tenant = trimmed.substring(0, colon);
      String key = trimmed.substring(colon + 1);
      if (!tenant.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new ConfigException(
            VIDEOAGENT_API_KEYS
                + " has a tenant name that is not 1-64 letters, digits, dots, dashes or underscores.");
      }
      if (key.length() < 16 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
        throw new ConfigException(
            VIDEOAGENT_API_KEYS
                + " has a key shorter than 16 characters or with spaces: use long random keys.");
      }
      String earlier = tenantsByKey.putIfAbsent(key, tenant);
      if (earlier != null && !earlier.equals(tenant)) {
        throw new ConfigException(
            VIDEOAGENT_API_KEYS
                + " gives one key to two tenants ("
                + earlier
                + " and "
                + tenant
                + "): a key belongs to one tenant; give each tenant its own key.");
      }
      keys.add(new BootstrapKey(tenant, key));
    }
    return List.copyOf(keys);
  }
}
