package dev.videoagent.cli;

import com.google.inject.Injector;
import dev.videoagent.api.config.Settings;
import dev.videoagent.api.wiring.Wiring;

/**
 * Builds the process's injector from the effective settings. Production uses {@link
 * Wiring#injector(Settings)}; tests pass one with a faster sandbox or tracking policy.
 */
@FunctionalInterface
interface InjectorFactory {
  Injector create(Settings settings);

  static InjectorFactory production() {
    return Wiring::injector;
  }
}
