package dev.videoagent.assembly.config;

import dev.videoagent.core.ClientKey;
import dev.videoagent.core.TenantName;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What only the REST service reads: where it listens and the client keys it starts with.
 *
 * @param host the address to listen on; {@value #ALL_INTERFACES} (or {@code ::}) for every
 *     interface
 * @param contentRedirect whether the content route redirects to a presigned URL of the store
 */
public record ServiceSettings(
    String host, int port, List<BootstrapKey> bootstrapKeys, boolean contentRedirect) {

  /** {@code VIDEOAGENT_HOST}'s default: every interface, IPv4 and IPv6. */
  public static final String ALL_INTERFACES = "0.0.0.0";

  public ServiceSettings {
    bootstrapKeys = List.copyOf(bootstrapKeys);
  }

  /** A client key given in configuration. {@link #toString()} hides the key. */
  public record BootstrapKey(TenantName tenant, ClientKey key) {
    @Override
    public String toString() {
      return tenant.value() + ":****";
    }
  }

  /** Resolves the service's settings {@code given} sets, with the others at their defaults. */
  public static ServiceSettings from(SettingValues given) {
    return new ServiceSettings(
        value(given, Setting.VIDEOAGENT_HOST),
        value(given, Setting.VIDEOAGENT_PORT),
        value(given, Setting.VIDEOAGENT_API_KEYS),
        value(given, Setting.VIDEOAGENT_CONTENT_REDIRECT));
  }

  private static <T> T value(SettingValues given, Setting<T> setting) {
    return given.get(setting).or(setting::defaultValue).orElseThrow();
  }

  /** Whether the service listens on every interface rather than one address. */
  public boolean listensEverywhere() {
    return host.equals(ALL_INTERFACES) || host.equals("::");
  }

  /** The value of {@code setting} here, for printing; empty when it is not one of these. */
  // Each branch returns the component that the setting of the same type is read into.
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(Setting<T> setting) {
    Object value = null;
    if (setting == Setting.VIDEOAGENT_HOST) {
      value = host;
    } else if (setting == Setting.VIDEOAGENT_PORT) {
      value = port;
    } else if (setting == Setting.VIDEOAGENT_API_KEYS) {
      value = bootstrapKeys;
    } else if (setting == Setting.VIDEOAGENT_CONTENT_REDIRECT) {
      value = contentRedirect;
    }
    return Optional.ofNullable((T) value);
  }

  @Override
  public String toString() {
    return "ServiceSettings[host="
        + host
        + ", port="
        + port
        + ", bootstrapKeys="
        + bootstrapKeys.stream().map(BootstrapKey::toString).collect(Collectors.joining(","))
        + ", contentRedirect="
        + contentRedirect
        + "]";
  }
}
