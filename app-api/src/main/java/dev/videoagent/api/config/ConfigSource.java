package dev.videoagent.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where settings come from, by their environment-variable names. Sources are layered: the first
 * that has a value wins (command-line flags, then the environment, then the config file).
 */
@FunctionalInterface
public interface ConfigSource {

  /** The raw value of {@code name}, or empty when this source does not set it. */
  Optional<String> get(String name);

  static ConfigSource of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return name -> Optional.ofNullable(copy.get(name));
  }

  static ConfigSource environment() {
    return of(System.getenv());
  }

  /** The first source that sets a value wins; blank values count as unset. */
  static ConfigSource layered(ConfigSource... sources) {
    List<ConfigSource> ordered = new ArrayList<>(List.of(sources));
    return name -> {
      for (ConfigSource source : ordered) {
        Optional<String> value = source.get(name).filter(v -> !v.isBlank());
        if (value.isPresent()) {
          return value;
        }
      }
      return Optional.empty();
    };
  }
}
