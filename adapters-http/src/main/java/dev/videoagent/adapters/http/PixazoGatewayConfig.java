package dev.videoagent.adapters.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How to reach the Pixazo gateway.
 *
 * @param baseUrl the gateway origin (optionally with a path prefix), {@code null} for {@link
 *     #DEFAULT_BASE_URL}; the subscription key is sent there and nowhere else
 * @param apiKey the account's subscription key ({@code PIXAZO_API_KEY}); never printed
 * @param connectTimeout how long to wait for a connection, {@code null} for 10 s
 * @param submitTimeout how long a submit may take once sent, {@code null} for 60 s
 * @param statusTimeout how long a status read may take, {@code null} for 30 s
 */
public record PixazoGatewayConfig(
    URI baseUrl,
    String apiKey,
    Duration connectTimeout,
    Duration submitTimeout,
    Duration statusTimeout) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://gateway.pixazo.ai");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofSeconds(30);

  public PixazoGatewayConfig {
    baseUrl = checkBaseUrl(baseUrl);
    apiKey = checkApiKey(apiKey);
    connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    submitTimeout = positiveOr(submitTimeout, DEFAULT_SUBMIT_TIMEOUT, "submitTimeout");
    statusTimeout = positiveOr(statusTimeout, DEFAULT_STATUS_TIMEOUT, "statusTimeout");
  }

  /** The given gateway and key with the default time-outs. */
  public static PixazoGatewayConfig of(URI baseUrl, String apiKey) {
    return new PixazoGatewayConfig(baseUrl, apiKey, null, null, null);
  }

  public PixazoGatewayConfig withTimeouts(Duration connect, Duration submit, Duration status) {
    return new PixazoGatewayConfig(baseUrl, apiKey, connect, submit, status);
  }

  /** Leaves the key out: configs end up in logs and error reports. */
  @Override
  public String toString() {
    return "PixazoGatewayConfig[baseUrl="
        + baseUrl
        + ", apiKey=(hidden), connectTimeout="
        + connectTimeout
        + ", submitTimeout="
        + submitTimeout
        + ", statusTimeout="
        + statusTimeout
        + "]";
  }

  private static URI checkBaseUrl(URI baseUrl) {
    if (baseUrl == null) {
      return DEFAULT_BASE_URL;
    }
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (baseUrl.getRawUserInfo() != null) {
      // Not echoed: user info may hold a password.
      throw new IllegalArgumentException("PIXAZO_BASE_URL must not contain user credentials.");
    }
    if (!(scheme.equals("https") || scheme.equals("http"))
        || baseUrl.getHost() == null
        || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "PIXAZO_BASE_URL must be an absolute http(s) URL without query, like "
              + DEFAULT_BASE_URL
              + " (got "
              + baseUrl
              + ").");
    }
    String text = baseUrl.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static String checkApiKey(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException(
          "PIXAZO_API_KEY is required: set it to your Pixazo subscription key.");
    }
    String key = apiKey.strip();
    // A control character or space would let the key break out of its header line.
    if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "PIXAZO_API_KEY must be printable ASCII without spaces; check for a stray character.");
    }
    return key;
  }

  private static Duration positiveOr(Duration value, Duration fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive (got " + value + ").");
    }
    return value;
  }
}
