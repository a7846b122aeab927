package dev.videoagent.assembly.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One setting, defined once: its environment variable (also its key in {@code config.properties}),
 * its command-line flag, its default, the form its value takes and the sentence shown when it is
 * wrong, whether it holds a secret, and whether only the service reads it. Every source reads it
 * through this definition: flags, the environment, the config file, the library's builder.
 *
 * <p>A new setting is a constant here, a component of {@link Settings} (or {@link ServiceSettings})
 * read in its {@code from}, and a row in {@code docs/configuration.md}; the command line's flag and
 * {@code config show} follow from the definition.
 *
 * @param <T> the typed value
 */
public final class Setting<T> {
  /** Who reads a setting. */
  public enum Scope {
    /** The library, the service and the command line. */
    EVERY_CALLER,
    /** The REST service only (and {@code videoagent serve}). */
    SERVICE
  }

  public static final Setting<String> PIXAZO_API_KEY =
      new Builder<>(
              "PIXAZO_API_KEY",
              Forms.text(
                  "must be the Pixazo subscription key alone, without spaces or invisible"
                      + " characters",
                  key -> key.chars().allMatch(c -> c > 0x20 && c < 0x7f)))
          .flag("--api-key", "KEY")
          .summary(
              "Pixazo subscription key; required unless sandbox. Prefer the environment or the"
                  + " config file: other users can see command-line flags in the process list.")
          .secret(raw -> "****")
          .build();

  public static final Setting<URI> PIXAZO_BASE_URL =
      new Builder<>("PIXAZO_BASE_URL", Forms.webUrl("https://gateway.pixazo.ai"))
          .flag("--base-url", "URL")
          .summary("Gateway origin.")
          .defaultValue(URI.create("https://gateway.pixazo.ai"))
          .build();

  public static final Setting<Path> VIDEOAGENT_HOME =
      new Builder<>("VIDEOAGENT_HOME", Forms.folder())
          .flag("--home", "DIR")
          .summary("Data folder: database, stored videos and the config file.")
          .defaultText("~/.videoagent")
          .build();

  public static final Setting<String> VIDEOAGENT_DB =
      new Builder<>(
              "VIDEOAGENT_DB",
              Forms.text(
                  "must be a jdbc:sqlite:… or jdbc:postgresql:… URL",
                  url -> url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:")))
          .flag("--db", "JDBC_URL")
          .summary("JDBC URL of the database (SQLite or PostgreSQL).")
          .defaultText("jdbc:sqlite:$VIDEOAGENT_HOME/videoagent.db")
          .secret(Forms::maskPassword)
          .build();

  public static final Setting<Integer> VIDEOAGENT_DB_POOL_SIZE =
      new Builder<>("VIDEOAGENT_DB_POOL_SIZE", Forms.count(1, 1_000))
          .flag("--db-pool-size", "N")
          .summary(
              "Connections one process keeps to PostgreSQL at most; every instance's pool together"
                  + " must fit the server's max_connections. Not used for SQLite.")
          .defaultValue(10)
          .build();

  public static final Setting<Boolean> VIDEOAGENT_SANDBOX =
      new Builder<>("VIDEOAGENT_SANDBOX", Forms.bool())
          .flag("--sandbox", null)
          .summary("Use the in-process gateway sandbox instead of Pixazo; no key needed.")
          .defaultValue(false)
          .build();

  public static final Setting<String> VIDEOAGENT_HOST =
      new Builder<>("VIDEOAGENT_HOST", Forms.host())
          .flag("--host", "ADDRESS")
          .summary("The address the service listens on; 0.0.0.0 or :: for every interface.")
          .service()
          .defaultValue(ServiceSettings.ALL_INTERFACES)
          .build();

  public static final Setting<Integer> VIDEOAGENT_PORT =
      new Builder<>("VIDEOAGENT_PORT", Forms.count(0, 65_535))
          .flag("--port", "PORT")
          .summary("The port the service listens on; 0 picks any free port.")
          .service()
          .defaultValue(8080)
          .build();

  public static final Setting<URI> VIDEOAGENT_PUBLIC_URL =
      new Builder<>("VIDEOAGENT_PUBLIC_URL", Forms.webUrl("https://videos.example.com"))
          .flag("--public-url", "URL")
          .summary(
              "Externally reachable URL of a videoagent service; submits then ask the gateway"
                  + " to call it back.")
          .build();

  public static final Setting<Boolean> VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS =
      new Builder<>("VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS", Forms.bool())
          .flag("--allow-private-callbacks", null)
          .summary(
              "Let webhooks and callback_url go to loopback, link-local and private addresses"
                  + " (tests, one private network); off, they must be public.")
          .defaultValue(false)
          .build();

  public static final Setting<List<ServiceSettings.BootstrapKey>> VIDEOAGENT_API_KEYS =
      new Builder<>("VIDEOAGENT_API_KEYS", Forms.bootstrapKeys())
          .flag("--api-keys", "TENANT:KEY,…")
          .summary(
              "The REST clients' keys, stored hashed at start. Prefer the environment or the"
                  + " config file: other users can see command-line flags in the process list.")
          .service()
          .defaultValue(List.of())
          .secret(raw -> raw.replaceAll(":[^,]*", ":****"))
          .build();

  public static final Setting<Integer> VIDEOAGENT_MAX_IN_FLIGHT =
      new Builder<>("VIDEOAGENT_MAX_IN_FLIGHT", Forms.count(1, 1_000))
          .flag("--max-in-flight", "N")
          .summary("Jobs at the gateway at once, across every process on the database.")
          .defaultValue(10)
          .build();

  public static final Setting<Duration> VIDEOAGENT_JOB_DEADLINE =
      new Builder<>("VIDEOAGENT_JOB_DEADLINE", Forms.duration())
          .flag("--job-deadline", "DURATION")
          .summary("How long a job may take before it ends timed_out.")
          .defaultValue(Duration.ofHours(2))
          .build();

  public static final Setting<Integer> VIDEOAGENT_GATEWAY_CONCURRENCY =
      new Builder<>("VIDEOAGENT_GATEWAY_CONCURRENCY", Forms.count(1, 256))
          .flag("--gateway-concurrency", "N")
          .summary("The tracker's jobs advanced at once (gateway calls, downloads).")
          .defaultValue(8)
          .build();

  public static final Setting<Double> VIDEOAGENT_GATEWAY_RATE =
      new Builder<>("VIDEOAGENT_GATEWAY_RATE", Forms.decimal(0.01, 10_000))
          .flag("--gateway-rate", "CALLS")
          .summary("The tracker's gateway calls per second, at most.")
          .defaultValue(5.0)
          .build();

  public static final Setting<Long> VIDEOAGENT_MAX_DOWNLOAD_BYTES =
      new Builder<>("VIDEOAGENT_MAX_DOWNLOAD_BYTES", Forms.wholeNumber(1, Long.MAX_VALUE))
          .flag("--max-download-bytes", "BYTES")
          .summary("A larger video is refused (the job keeps download_failed).")
          .defaultValue(2L * 1024 * 1024 * 1024)
          .build();

  public static final Setting<Duration> VIDEOAGENT_GATEWAY_TIMEOUT =
      new Builder<>("VIDEOAGENT_GATEWAY_TIMEOUT", Forms.duration())
          .flag("--gateway-timeout", "DURATION")
          .summary("How long a submit may wait for the gateway (status reads: half, at most 30s).")
          .defaultValue(Duration.ofSeconds(60))
          .build();

  public static final Setting<Duration> VIDEOAGENT_CLAIM_LEASE =
      new Builder<>("VIDEOAGENT_CLAIM_LEASE", Forms.duration())
          .flag("--claim-lease", "DURATION")
          .summary("How long a worker holds a job it acts on; at least twice the gateway time-out.")
          .defaultValue(Duration.ofMinutes(3))
          .build();

  public static final Setting<String> VIDEOAGENT_LOG_LEVEL =
      new Builder<>("VIDEOAGENT_LOG_LEVEL", Forms.logLevel())
          .flag("--log-level", "LEVEL")
          .summary("Level of videoagent's own log lines, to stderr.")
          .defaultText("INFO; the command line: WARN")
          .build();

  public static final Setting<StoreLocation> VIDEOAGENT_STORE =
      new Builder<>("VIDEOAGENT_STORE", Forms.storeLocation())
          .flag("--store", "LOCATION")
          .summary(
              "Where videos are kept: file:/a/folder, or s3://bucket/prefix for S3-compatible"
                  + " object storage shared by every instance.")
          .defaultText("file:$VIDEOAGENT_HOME/videos")
          .build();

  public static final Setting<URI> AWS_ENDPOINT_URL_S3 =
      new Builder<>("AWS_ENDPOINT_URL_S3", Forms.webUrl("http://127.0.0.1:9000"))
          .flag("--s3-endpoint", "URL")
          .summary("The S3 endpoint of an S3-compatible store (MinIO, Ceph, R2); default AWS's.")
          .defaultText("the AWS SDK's")
          .build();

  public static final Setting<URI> AWS_ENDPOINT_URL =
      new Builder<>("AWS_ENDPOINT_URL", Forms.webUrl("http://127.0.0.1:9000"))
          .flag("--aws-endpoint", "URL")
          .summary("The endpoint of every AWS service; AWS_ENDPOINT_URL_S3 wins for S3.")
          .defaultText("the AWS SDK's")
          .build();

  public static final Setting<String> AWS_REGION =
      new Builder<>(
              "AWS_REGION",
              Forms.text(
                  "must be a region name such as eu-west-1",
                  region -> region.matches("[a-z0-9][a-z0-9-]{0,40}")))
          .flag("--aws-region", "REGION")
          .summary("The bucket's region; with an endpoint and no region, us-east-1.")
          .defaultText("the AWS SDK's")
          .build();

  public static final Setting<String> AWS_ACCESS_KEY_ID =
      new Builder<>(
              "AWS_ACCESS_KEY_ID",
              Forms.text(
                  "must be an access key id alone, without spaces",
                  key -> key.chars().allMatch(c -> c > 0x20 && c < 0x7f)))
          .flag("--aws-access-key-id", "KEY_ID")
          .summary(
              "The store's access key id, with AWS_SECRET_ACCESS_KEY; unset: the SDK's providers"
                  + " (profiles in ~/.aws, roles).")
          .defaultText("the AWS SDK's")
          .secret(raw -> "****")
          .build();

  public static final Setting<String> AWS_SECRET_ACCESS_KEY =
      new Builder<>(
              "AWS_SECRET_ACCESS_KEY",
              Forms.text(
                  "must be a secret access key alone, without spaces",
                  key -> key.chars().allMatch(c -> c > 0x20 && c < 0x7f)))
          .flag("--aws-secret-access-key", "SECRET")
          .summary("The secret of AWS_ACCESS_KEY_ID.")
          .defaultText("the AWS SDK's")
          .secret(raw -> "****")
          .build();

  public static final Setting<String> AWS_SESSION_TOKEN =
      new Builder<>(
              "AWS_SESSION_TOKEN",
              Forms.text(
                  "must be a session token alone, without spaces",
                  key -> key.chars().allMatch(c -> c > 0x20 && c < 0x7f)))
          .flag("--aws-session-token", "TOKEN")
          .summary("The session token of temporary keys in AWS_ACCESS_KEY_ID.")
          .secret(raw -> "****")
          .build();

  public static final Setting<Boolean> VIDEOAGENT_S3_PATH_STYLE =
      new Builder<>("VIDEOAGENT_S3_PATH_STYLE", Forms.bool())
          .flag("--s3-path-style", "true|false")
          .summary(
              "Path-style bucket addressing (endpoint/bucket/key), as MinIO, Ceph and s3proxy"
                  + " want.")
          .defaultText("true when an endpoint is set")
          .build();

  public static final Setting<Boolean> VIDEOAGENT_CONTENT_REDIRECT =
      new Builder<>("VIDEOAGENT_CONTENT_REDIRECT", Forms.bool())
          .flag("--content-redirect", null)
          .summary(
              "GET /v1/videos/{id}/content answers a redirect to a presigned URL of the object"
                  + " store (valid 5 minutes) instead of sending the bytes itself.")
          .service()
          .defaultValue(false)
          .build();

  public static final Setting<Long> VIDEOAGENT_TENANT_DAILY_LIMIT =
      new Builder<>("VIDEOAGENT_TENANT_DAILY_LIMIT", Forms.wholeNumber(0, Long.MAX_VALUE))
          .flag("--tenant-daily-limit", "N")
          .summary(
              "Creates and retries per tenant per UTC day; beyond it a create is refused (429)."
                  + " A tenant's own limit (videoagent keys limit) replaces it.")
          .build();

  public static final Setting<Long> VIDEOAGENT_DAILY_LIMIT =
      new Builder<>("VIDEOAGENT_DAILY_LIMIT", Forms.wholeNumber(0, Long.MAX_VALUE))
          .flag("--daily-limit", "N")
          .summary(
              "Creates and retries per UTC day for the whole deployment, every tenant together.")
          .build();

  public static final Setting<String> VIDEOAGENT_PRICE_PER_VIDEO =
      new Builder<>(
              "VIDEOAGENT_PRICE_PER_VIDEO",
              Forms.text(
                  "must be a price such as 0.50 (a decimal number, 0 or more)",
                  price -> price.matches("[0-9]{1,12}(\\.[0-9]{1,6})?")))
          .flag("--price-per-video", "AMOUNT")
          .summary("An estimated price per submission, for the estimated cost of /v1/usage.")
          .build();

  private static final List<Setting<?>> ALL =
      List.of(
          PIXAZO_API_KEY,
          PIXAZO_BASE_URL,
          VIDEOAGENT_HOME,
          VIDEOAGENT_DB,
          VIDEOAGENT_DB_POOL_SIZE,
          VIDEOAGENT_SANDBOX,
          VIDEOAGENT_HOST,
          VIDEOAGENT_PORT,
          VIDEOAGENT_PUBLIC_URL,
          VIDEOAGENT_ALLOW_PRIVATE_CALLBACKS,
          VIDEOAGENT_API_KEYS,
          VIDEOAGENT_MAX_IN_FLIGHT,
          VIDEOAGENT_JOB_DEADLINE,
          VIDEOAGENT_GATEWAY_CONCURRENCY,
          VIDEOAGENT_GATEWAY_RATE,
          VIDEOAGENT_MAX_DOWNLOAD_BYTES,
          VIDEOAGENT_GATEWAY_TIMEOUT,
          VIDEOAGENT_CLAIM_LEASE,
          VIDEOAGENT_LOG_LEVEL,
          VIDEOAGENT_STORE,
          AWS_ENDPOINT_URL_S3,
          AWS_ENDPOINT_URL,
          AWS_REGION,
          AWS_ACCESS_KEY_ID,
          AWS_SECRET_ACCESS_KEY,
          AWS_SESSION_TOKEN,
          VIDEOAGENT_S3_PATH_STYLE,
          VIDEOAGENT_CONTENT_REDIRECT,
          VIDEOAGENT_TENANT_DAILY_LIMIT,
          VIDEOAGENT_DAILY_LIMIT,
          VIDEOAGENT_PRICE_PER_VIDEO);

  private final String variable;
  private final String flag;
  private final String paramLabel;
  private final String summary;
  private final Scope scope;
  private final Form<T> form;
  private final T defaultValue;
  private final String defaultText;
  private final UnaryOperator<String> mask;

  private Setting(Builder<T> b) {
    this.variable = b.variable;
    this.flag = b.flag;
    this.paramLabel = b.paramLabel;
    this.summary = Objects.requireNonNull(b.summary, "summary");
    this.scope = b.scope;
    this.form = b.form;
    this.defaultValue = b.defaultValue;
    this.defaultText =
        b.defaultText != null
            ? b.defaultText
            : b.defaultValue == null ? "none" : b.form.write(b.defaultValue);
    this.mask = b.mask;
  }

  /** Every setting, in the order the documentation lists them. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  /** The setting read from {@code variable}, if it is one. */
  public static Optional<Setting<?>> byVariable(String variable) {
    return ALL.stream().filter(s -> s.variable.equals(variable)).findFirst();
  }

  /** The environment variable, also the key in {@code config.properties}. */
  public String variable() {
    return variable;
  }

  /** The command-line flag ({@code --max-in-flight}), if there is one. */
  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  /** What the flag's value is called in help ({@code N}); absent for a switch. */
  public Optional<String> paramLabel() {
    return Optional.ofNullable(paramLabel);
  }

  /** One sentence of what it does, for help texts. */
  public String summary() {
    return summary;
  }

  public Scope scope() {
    return scope;
  }

  /** Whether its value may hold a secret (a key, a password) that is never printed whole. */
  public boolean secret() {
    return mask != null;
  }

  /** The default when nothing sets it; empty where it is derived or there is none. */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** The default in words, as the documentation shows it. */
  public String defaultText() {
    return defaultText;
  }

  /** The one sentence shown when its value is wrong. */
  public String sentence() {
    return variable + " " + form.rule() + ".";
  }

  /**
   * The value {@code raw} means.
   *
   * @throws ConfigException with the setting's sentence when it is not of its form (blank text
   *     included: the sources treat blank as unset before they get here)
   */
  public T read(String raw) {
    String text = Objects.requireNonNull(raw, variable).strip();
    if (text.isEmpty()) {
      throw new ConfigException(sentence());
    }
    try {
      return form.read(text);
    } catch (Form.Refused refused) {
      throw new ConfigException(
          refused.predicate() == null ? sentence() : variable + " " + refused.predicate() + ".");
    }
  }

  /**
   * A typed value (from the library's builder), checked as its text would be.
   *
   * @throws ConfigException with the setting's sentence when the value is not one it takes
   */
  public T check(T value) {
    if (value == null || !form.accepts(value)) {
      throw new ConfigException(sentence());
    }
    return value;
  }

  /** The text that reads back as exactly {@code value}: what {@code config show} prints. */
  public String write(T value) {
    return form.write(value);
  }

  /** {@code raw} with its secrets hidden, for printing; unchanged for settings without any. */
  public String masked(String raw) {
    return mask == null ? raw : mask.apply(raw);
  }

  @Override
  public String toString() {
    return variable;
  }

  private static final class Builder<T> {
    private final String variable;
    private final Form<T> form;
    private String flag;
    private String paramLabel;
    private String summary;
    private Scope scope = Scope.EVERY_CALLER;
    private T defaultValue;
    private String defaultText;
    private UnaryOperator<String> mask;

    Builder(String variable, Form<T> form) {
      this.variable = variable;
      this.form = form;
    }

    Builder<T> flag(String name, String label) {
      this.flag = name;
      this.paramLabel = label;
      return this;
    }

    Builder<T> summary(String text) {
      this.summary = text;
      return this;
    }

    Builder<T> service() {
      this.scope = Scope.SERVICE;
      return this;
    }

    Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    Builder<T> defaultText(String text) {
      this.defaultText = text;
      return this;
    }

    Builder<T> secret(UnaryOperator<String> masking) {
      this.mask = masking;
      return this;
    }

    Setting<T> build() {
      return new Setting<>(this);
    }
  }
}
