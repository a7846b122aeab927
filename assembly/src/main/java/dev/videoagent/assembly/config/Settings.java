package dev.videoagent.assembly.config;

import dev.videoagent.core.DailyCaps;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What every caller needs: the library, the service and the command line read the same settings
 * into this record, through the same {@link Setting} definitions, with the same defaults. The
 * service's own settings are in {@link ServiceSettings}. {@link #toString()} masks secrets.
 *
 * @param apiKey the Pixazo subscription key, or {@code null} (fine for the sandbox and for work
 *     that never calls the gateway; see {@link #requireGateway()})
 * @param home the data folder, absolute
 * @param publicUrl the service's externally reachable base URL, or {@code null}
 * @param logLevel the level of videoagent's own log lines, or {@code null} for the caller's default
 * @param allowPrivateCallbacks whether webhooks may go to loopback, link-local and private
 *     addresses
 * @param store where the videos are kept, and how to reach object storage
 */
public record Settings(
    String apiKey,
    URI baseUrl,
    Path home,
    String databaseUrl,
    int databasePoolSize,
    boolean sandbox,
    URI publicUrl,
    int maxInFlight,
    Duration jobDeadline,
    int gatewayConcurrency,
    double gatewayCallsPerSecond,
    Duration gatewayTimeout,
    Duration claimLease,
    long maxDownloadBytes,
    String logLevel,
    boolean allowPrivateCallbacks,
    StoreSettings store,
    Long tenantDailyLimit,
    Long dailyLimit,
    BigDecimal pricePerVideo) {

  /** What a command that needs the gateway says when there is neither a key nor the sandbox. */
  public static final String MISSING_KEY =
      Setting.PIXAZO_API_KEY.variable()
          + " is not set: set it to your Pixazo subscription key, or use --sandbox"
          + " (VIDEOAGENT_SANDBOX=true) to try videoagent without one.";

  /**
   * Resolves the settings {@code given} sets, with every other one at its default, and checks the
   * rules between settings.
   *
   * @param userHome the user's home folder, for the default {@code ~/.videoagent}
   * @throws ConfigException naming the setting that breaks a rule
   */
  public static Settings from(SettingValues given, Path userHome) {
    Path home =
        given
            .get(Setting.VIDEOAGENT_HOME)
            .orElse(userHome.resolve(".videoagent"))
            .toAbsolutePath()
            .normalize();
    String database =
        given.get(Setting.VIDEOAGENT_DB).orElse("jdbc:sqlite:" + home.resolve("videoagent.db"));
    Duration gatewayTimeout = value(given, Setting.VIDEOAGENT_GATEWAY_TIMEOUT);
    Duration lease = value(given, Setting.VIDEOAGENT_CLAIM_LEASE);
    // A worker must never lose its claim while its gateway call may still be under way, or
    // another worker could act on the same job.
    if (lease.compareTo(gatewayTimeout.multipliedBy(2)) < 0) {
      throw new ConfigException(
          Setting.VIDEOAGENT_CLAIM_LEASE.variable()
              + " must be at least twice "
              + Setting.VIDEOAGENT_GATEWAY_TIMEOUT.variable()
              + " ("
              + Forms.writeDuration(gatewayTimeout)
              + ").");
    }
    return new Settings(
        given.get(Setting.PIXAZO_API_KEY).orElse(null),
        value(given, Setting.PIXAZO_BASE_URL),
        home,
        database,
        value(given, Setting.VIDEOAGENT_DB_POOL_SIZE),
        value(given, Setting.VIDEOAGENT_SANDBOX),
        given.get(Setting.VIDEOAGENT_PUBLIC_URL).orElse(null),
        value(given, Setting.VIDEOAGENT_MAX_IN_FLIGHT),
        value(given, Setting.VIDEOAGENT_JOB_DEADLINE),
        value(given, Setting.VIDEOAGENT_GATEWAY_CONCURRENCY),
        value(given, Setting.VIDEOAGENT_GATEWAY_RATE),
        gatewayTimeout,
        lease,
        value(given, Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES),
        given.get(Setting.VIDEOAGENT_LOG_LEVEL).orElse(null),
        value(given, Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS),
        StoreSettings.from(given, home),
        given.get(Setting.VIDEOAGENT_TENANT_DAILY_LIMIT).orElse(null),
        given.get(Setting.VIDEOAGENT_DAILY_LIMIT).orElse(null),
        given.get(Setting.VIDEOAGENT_PRICE_PER_VIDEO).map(BigDecimal::new).orElse(null));
  }

  private static <T> T value(SettingValues given, Setting<T> setting) {
    return given
        .get(setting)
        .or(setting::defaultValue)
        .orElseThrow(() -> new IllegalStateException(setting + " has no default"));
  }

  /**
   * The daily limits of {@code VIDEOAGENT_TENANT_DAILY_LIMIT} and {@code VIDEOAGENT_DAILY_LIMIT}.
   */
  public DailyCaps dailyCaps() {
    return new DailyCaps(tenantDailyLimit, dailyLimit);
  }

  /** Whether the gateway can be called: the sandbox, or a key. */
  public boolean gatewayUsable() {
    return sandbox || apiKey != null;
  }

  /**
   * @throws ConfigException ({@link #MISSING_KEY}) when neither the sandbox nor a key is set
   */
  public Settings requireGateway() {
    if (!gatewayUsable()) {
      throw new ConfigException(MISSING_KEY);
    }
    return this;
  }

  public Optional<URI> publicUrlIfSet() {
    return Optional.ofNullable(publicUrl);
  }

  public Optional<String> logLevelIfSet() {
    return Optional.ofNullable(logLevel);
  }

  /** The folder of the folder store: {@code VIDEOAGENT_STORE}'s, or the home's {@code videos}. */
  public Path videosDir() {
    return store.location() instanceof StoreLocation.Folder folder
        ? folder.path()
        : home.resolve("videos");
  }

  /**
   * The value of {@code setting} in these settings, for printing ({@code config show}); empty when
   * it is not set and has no default (the key, the public URL) or is not one of these.
   */
  // Each branch returns the component that the setting of the same type is read into.
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(Setting<T> setting) {
    Object value;
    if (setting == Setting.PIXAZO_API_KEY) {
      value = apiKey;
    } else if (setting == Setting.PIXAZO_BASE_URL) {
      value = baseUrl;
    } else if (setting == Setting.VIDEOAGENT_HOME) {
      value = home;
    } else if (setting == Setting.VIDEOAGENT_DB) {
      value = databaseUrl;
    } else if (setting == Setting.VIDEOAGENT_DB_POOL_SIZE) {
      value = databasePoolSize;
    } else if (setting == Setting.VIDEOAGENT_SANDBOX) {
      value = sandbox;
    } else if (setting == Setting.VIDEOAGENT_PUBLIC_URL) {
      value = publicUrl;
    } else if (setting == Setting.VIDEOAGENT_MAX_IN_FLIGHT) {
      value = maxInFlight;
    } else if (setting == Setting.VIDEOAGENT_JOB_DEADLINE) {
      value = jobDeadline;
    } else if (setting == Setting.VIDEOAGENT_GATEWAY_CONCURRENCY) {
      value = gatewayConcurrency;
    } else if (setting == Setting.VIDEOAGENT_GATEWAY_RATE) {
      value = gatewayCallsPerSecond;
    } else if (setting == Setting.VIDEOAGENT_GATEWAY_TIMEOUT) {
      value = gatewayTimeout;
    } else if (setting == Setting.VIDEOAGENT_CLAIM_LEASE) {
      value = claimLease;
    } else if (setting == Setting.VIDEOAGENT_MAX_DOWNLOAD_BYTES) {
      value = maxDownloadBytes;
    } else if (setting == Setting.VIDEOAGENT_LOG_LEVEL) {
      value = logLevel;
    } else if (setting == Setting.VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS) {
      value = allowPrivateCallbacks;
    } else if (setting == Setting.VIDEOAGENT_STORE) {
      value = store.location();
    } else if (setting == Setting.AWS_ENDPOINT_URL_S3) {
      value = store.endpointS3();
    } else if (setting == Setting.AWS_ENDPOINT_URL) {
      value = store.endpoint();
    } else if (setting == Setting.AWS_REGION) {
      value = store.region();
    } else if (setting == Setting.AWS_ACCESS_KEY_ID) {
      value = store.accessKeyId();
    } else if (setting == Setting.AWS_SECRET_ACCESS_KEY) {
      value = store.secretAccessKey();
    } else if (setting == Setting.AWS_SESSION_TOKEN) {
      value = store.sessionToken();
    } else if (setting == Setting.VIDEOAGENT_S3_PATH_STYLE) {
      value = store.pathStyle();
    } else if (setting == Setting.VIDEOAGENT_TENANT_DAILY_LIMIT) {
      value = tenantDailyLimit;
    } else if (setting == Setting.VIDEOAGENT_DAILY_LIMIT) {
      value = dailyLimit;
    } else if (setting == Setting.VIDEOAGENT_PRICE_PER_VIDEO) {
      value = pricePerVideo == null ? null : pricePerVideo.toPlainString();
    } else {
      value = null;
    }
    return Optional.ofNullable((T) value);
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
        + Forms.maskPassword(databaseUrl)
        + ", databasePoolSize="
        + databasePoolSize
        + ", sandbox="
        + sandbox
        + ", publicUrl="
        + publicUrl
        + ", allowPrivateCallbacks="
        + allowPrivateCallbacks
        + ", maxInFlight="
        + maxInFlight
        + ", jobDeadline="
        + jobDeadline
        + ", gatewayConcurrency="
        + gatewayConcurrency
        + ", gatewayCallsPerSecond="
        + gatewayCallsPerSecond
        + ", gatewayTimeout="
        + gatewayTimeout
        + ", claimLease="
        + claimLease
        + ", maxDownloadBytes="
        + maxDownloadBytes
        + ", logLevel="
        + logLevel
        + ", store="
        + store
        + ", tenantDailyLimit="
        + tenantDailyLimit
        + ", dailyLimit="
        + dailyLimit
        + ", pricePerVideo="
        + pricePerVideo
        + "]";
  }
}
