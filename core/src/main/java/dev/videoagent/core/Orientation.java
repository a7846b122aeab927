package dev.videoagent.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The frame of the video; absent means the agent decides. */
public enum Orientation {
  LANDSCAPE,
  PORTRAIT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Orientation> fromWire(String value) {
    return Arrays.stream(values()).filter(o -> o.wireName().equals(value)).findFirst();
  }
}
