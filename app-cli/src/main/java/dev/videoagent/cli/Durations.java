package dev.videoagent.cli;

import dev.videoagent.assembly.config.Forms;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people type them ({@code 90s}, {@code 15m}, {@code 2h}, {@code PT2H}) and read them.
 */
final class Durations {
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

  /** picocli converter for {@code --timeout}. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Forms.parseDuration(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'" + value + "' is not a duration: use for example 90s, 15m, 2h or PT2H"));
    }
  }
}
