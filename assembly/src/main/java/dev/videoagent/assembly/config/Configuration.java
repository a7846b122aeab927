package dev.videoagent.assembly.config;

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
 * The configuration of a command-line run or a service, as given: flags beat the environment, which
 * beats {@code $VIDEOAGENT_HOME/config.properties} (keys are the variables' names), which beats the
 * default. Blank values count as unset. {@code VIDEOAGENT_HOME} itself comes from a flag or the
 * environment only, since it says where the file is. Nothing is checked until a value is asked for.
 */
public final class Configuration {
  public static final String FILE_NAME = "config.properties";

  /** Where a value came from, as {@code config show} prints it. */
  public enum Origin {
    FLAG("flag"),
    ENV("env"),
    FILE("file"),
    DEFAULT("default");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Map<String, String> file;
  private final Path userHome;
  private final Path configFile;
  private final boolean fileExists;
  private final List<String> ignoredFileKeys;

  private Configuration(
      Map<String, String> flags,
      Map<String, String> env,
      Map<String, String> file,
      Path userHome,
      Path configFile,
      boolean fileExists,
      List<String> ignoredFileKeys) {
    this.flags = Map.copyOf(flags);
    this.env = Map.copyOf(env);
    this.file = Map.copyOf(file);
    this.userHome = userHome;
    this.configFile = configFile;
    this.fileExists = fileExists;
    this.ignoredFileKeys = List.copyOf(ignoredFileKeys);
  }

  /**
   * Reads the flags, the environment and the config file of the home they name.
   *
   * @param flags values given as flags, by the variable they stand for
   * @param env the environment variables
   * @param userHome the user's home folder, for the default {@code ~/.videoagent}
   * @throws ConfigException when {@code VIDEOAGENT_HOME} is unusable, or the config file exists but
   *     cannot be read
   */
  public static Configuration read(
      Map<String, String> flags, Map<String, String> env, Path userHome) {
    Configuration withoutFile =
        new Configuration(flags, env, Map.of(), userHome, null, false, List.of());
    Path home = withoutFile.settings(false).home();
    Path configFile = home.resolve(FILE_NAME);
    Map<String, String> file = new TreeMap<>();
    List<String> ignored = new ArrayList<>();
    boolean exists = false;
    try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(reader);
      exists = true;
      for (String key : properties.stringPropertyNames()) {
        boolean setting = Setting.byVariable(key).isPresent();
        if (setting && !key.equals(Setting.VIDEOAGENT_HOME.variable())) {
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
    return new Configuration(flags, env, file, userHome, configFile, exists, ignored);
  }

  /** The configuration the environment alone gives (no flags, no file): the library's view. */
  public static Configuration ofEnvironment(Map<String, String> env, Path userHome) {
    return new Configuration(Map.of(), env, Map.of(), userHome, null, false, List.of());
  }

  public Origin originOf(Setting<?> setting) {
    String name = setting.variable();
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

  /** The text as given (flag, environment or file, whichever wins), if any. */
  public Optional<String> raw(Setting<?> setting) {
    String name = setting.variable();
    for (String value : new String[] {flags.get(name), env.get(name), file.get(name)}) {
      if (isSet(value)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /**
   * The value given for {@code setting}, read by its definition; empty when nothing sets it.
   *
   * @throws ConfigException with the setting's sentence when the text is not of its form
   */
  public <T> Optional<T> value(Setting<T> setting) {
    return raw(setting).map(setting::read);
  }

  /**
   * Every setting that all callers read, checked.
   *
   * @throws ConfigException naming the first bad setting
   */
  public Settings settings() {
    return settings(true);
  }

  private Settings settings(boolean all) {
    SettingValues given = new SettingValues();
    for (Setting<?> setting : Setting.all()) {
      boolean wanted = all || setting == Setting.VIDEOAGENT_HOME;
      if (wanted && setting.scope() == Setting.Scope.EVERY_CALLER) {
        putIfSet(given, setting);
      }
    }
    return Settings.from(given, userHome);
  }

  /**
   * The service's own settings, checked.
   *
   * @throws ConfigException naming the first bad setting
   */
  public ServiceSettings serviceSettings() {
    SettingValues given = new SettingValues();
    for (Setting<?> setting : Setting.all()) {
      if (setting.scope() == Setting.Scope.SERVICE) {
        putIfSet(given, setting);
      }
    }
    return ServiceSettings.from(given);
  }

  private <T> void putIfSet(SettingValues given, Setting<T> setting) {
    value(setting).ifPresent(v -> given.put(setting, v));
  }

  /** The config file this configuration read (or would have), or null when files are not read. */
  public Path configFile() {
    return configFile;
  }

  public boolean configFileExists() {
    return fileExists;
  }

  /** Keys in the config file that are not settings (typos) or that the file may not set. */
  public List<String> ignoredFileKeys() {
    return ignoredFileKeys;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
