package dev.videoagent.assembly.config;

/**
 * Missing or invalid configuration. The message is one sentence that names the setting (its
 * environment variable) and never contains a secret. The command line and the service print it and
 * exit with 2; the library lets it through as the {@link IllegalArgumentException} it is.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
