package dev.videoagent.assembly;

import java.util.function.Supplier;

/**
 * A part made on first use and then shared, so that a command which never needs the database or the
 * sandbox never opens it. Thread-safe; a make that throws is tried again by the next use.
 */
final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> make;
  private volatile T value;

  Lazy(Supplier<T> make) {
    this.make = make;
  }

  @Override
  public T get() {
    T made = value;
    if (made == null) {
      synchronized (this) {
        made = value;
        if (made == null) {
          made = make.get();
          value = made;
        }
      }
    }
    return made;
  }

  /** Whether the part was made. */
  boolean made() {
    return value != null;
  }
}
