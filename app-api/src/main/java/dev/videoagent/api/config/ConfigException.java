package dev.videoagent.api.config;

/**
 * Missing or invalid configuration. The message is one sentence that names the setting (the
 * environment variable) and never contains a secret; the CLI prints it and exits with 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
