package dev.videoagent.assembly.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings a source has set, already read and checked, by definition. Settings it leaves out
 * take their defaults when {@link Settings#from} resolves them.
 */
public final class SettingValues {
  private final Map<Setting<?>, Object> values = new LinkedHashMap<>();

  public <T> SettingValues put(Setting<T> setting, T value) {
    values.put(Objects.requireNonNull(setting, "setting"), setting.check(value));
    return this;
  }

  public SettingValues remove(Setting<?> setting) {
    values.remove(setting);
    return this;
  }

  // Every value was put through put(Setting<T>, T), so it is a T.
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(Setting<T> setting) {
    return Optional.ofNullable((T) values.get(setting));
  }

  public SettingValues copy() {
    SettingValues copy = new SettingValues();
    copy.values.putAll(values);
    return copy;
  }
}
