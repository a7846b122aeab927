package dev.videoagent.cli;

import dev.videoagent.api.config.ConfigException;
import dev.videoagent.api.config.ConfigSource;
import dev.videoagent.api.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where each setting comes from: flags beat the environment, which beats {@code
 * $VIDEOAGENT_HOME/config.properties} (keys are the environment variables' names), which beats the
 * default. {@code VIDEOAGENT_HOME} itself comes from the flag or the environment only, since it
 * says where the file is.
 */
final class Configuration {
  static final String FILE_NAME = "config.properties";

  /** Where a value came from, as {@code config show} prints it. */
  enum Origin {
    FLAG("flag"),
    ENV("env"),
    FILE("file"),
    DEFAULT("default");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Map<String, String> file;
  private final Path home;
  private final Path configFile;
  private final boolean fileExists;
  private final List<String> ignoredFileKeys;
  private final Path userHome;

  private Configuration(
      Map<String, String> flags,
      Map<String, String> env,
      Map<String, String> file,
      Path home,
      Path configFile,
      boolean fileExists,
      List<String> ignoredFileKeys,
      Path userHome) {
    this.flags = flags;
    this.env = env;
    this.file = file;
    this.home = home;
    this.configFile = configFile;
    this.fileExists = fileExists;
    this.ignoredFileKeys = ignoredFileKeys;
    this.userHome = userHome;
  }

  /**
   * Reads the flags, the environment and the config file (without checking any value yet).
   *
   * @throws ConfigException when the config file exists but cannot be read
   */
  static Configuration read(Map<String, String> flags, Map<String, String> env, Path userHome) {
    Path home =
        firstSet(flags.get(Settings.VIDEOAGENT_HOME), env.get(Settings.VIDEOAGENT_HOME))
            .map(Configuration::expandHome)
            .orElse(userHome.resolve(".videoagent"))
            .toAbsolutePath()
            .normalize();
    Path configFile = home.resolve(FILE_NAME);
    Map<String, String> file = new TreeMap<>();
    List<String> ignored = new ArrayList<>();
    boolean exists = false;
    try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(reader);
      exists = true;
      for (String key : properties.stringPropertyNames()) {
        if (Settings.NAMES.contains(key) && !key.equals(Settings.VIDEOAGENT_HOME)) {
          file.put(key, properties.getProperty(key));
        } else {
          ignored.add(key);
        }
      }
    } catch (NoSuchFileException absent) {
      // No file: flags, environment and defaults decide.
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "The configuration file " + configFile + " could not be read (" + e.getMessage() + ").");
    }
    ignored.sort(null);
    return new Configuration(
        Map.copyOf(flags),
        Map.copyOf(env),
        Map.copyOf(file),
        home,
        configFile,
        exists,
        List.copyOf(ignored),
        userHome);
  }

  /** Loads and checks every setting; throws {@link ConfigException} naming a bad one. */
  Settings settings() {
    return Settings.load(source(), userHome);
  }

  /** As {@link #settings()}, with {@code extra} consulted last (after the config file). */
  Settings settingsWithFallback(Map<String, String> extra) {
    return Settings.load(ConfigSource.layered(source(), ConfigSource.of(extra)), userHome);
  }

  ConfigSource source() {
    return ConfigSource.layered(
        ConfigSource.of(flags),
        ConfigSource.of(Map.of(Settings.VIDEOAGENT_HOME, home.toString())),
        ConfigSource.of(env),
        ConfigSource.of(file));
  }

  Origin originOf(String name) {
    if (isSet(flags.get(name))) {
      return Origin.FLAG;
    }
    if (isSet(env.get(name))) {
      return Origin.ENV;
    }
    if (isSet(file.get(name))) {
      return Origin.FILE;
    }
    return Origin.DEFAULT;
  }

  /** The raw value as given (flag, environment or file), if any. */
  Optional<String> rawValue(String name) {
    return firstSet(flags.get(name), env.get(name), file.get(name));
  }

  Path configFile() {
    return configFile;
  }

  boolean configFileExists() {
    return fileExists;
  }

  /** Keys in the config file that are not settings (typos) or that the file may not set. */
  List<String> ignoredFileKeys() {
    return ignoredFileKeys;
  }

  private static Optional<String> firstSet(String... values) {
    for (String value : values) {
      if (isSet(value)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static Path expandHome(String raw) {
    String value = raw.strip();
    try {
      if (value.equals("~") || value.startsWith("~/")) {
        value = System.getProperty("user.home") + value.substring(1);
      }
      return Path.of(value);
    } catch (RuntimeException e) {
      throw new ConfigException(Settings.VIDEOAGENT_HOME + " is not a usable folder path.");
    }
  }
}
