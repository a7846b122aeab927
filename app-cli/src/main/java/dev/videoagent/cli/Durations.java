package dev.videoagent.cli;

import dev.videoagent.api.config.Settings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them ({@code 90s}, {@code 15m}, {@code 2h}, {@code PT2H}) and read them.
 */
final class Durations {
  /** The largest amount the short form ({@code 90s}) takes: nine digits. */
  private static final long MAX_SHORT_AMOUNT = 999_999_999L;

  private Durations() {}

  /** Short and exact enough for a progress line: {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
  static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  /**
   * The shortest text that {@link Settings#parseDuration} reads back as exactly {@code duration}:
   * {@code 2h}, {@code 90m}, {@code 45s}, {@code 1500ms}, else ISO-8601 ({@code PT0.0005S}). For
   * values a person may copy into a setting, such as {@code config show}'s.
   */
  static String exact(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return duration.toString();
    }
    long seconds = duration.getSeconds();
    if (duration.getNano() == 0) {
      long[] units = {86_400, 3_600, 60, 1};
      String[] names = {"d", "h", "m", "s"};
      for (int i = 0; i < units.length; i++) {
        if (seconds % units[i] == 0 && seconds / units[i] <= MAX_SHORT_AMOUNT) {
          return seconds / units[i] + names[i];
        }
      }
    }
    if (duration.getNano() % 1_000_000 == 0 && seconds <= MAX_SHORT_AMOUNT / 1000) {
      return duration.toMillis() + "ms";
    }
    return duration.toString();
  }

  /** picocli converter for {@code --timeout}. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Settings.parseDuration(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'" + value + "' is not a duration: use for example 90s, 15m, 2h or PT2H"));
    }
  }
}
