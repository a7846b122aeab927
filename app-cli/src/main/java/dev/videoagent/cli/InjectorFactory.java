package dev.videoagent.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.videoagent.assembly.config.Settings;
import java.util.function.UnaryOperator;

/**
 * Builds a command's injector from the effective settings. Production uses the standard assembly;
 * tests pass one with a faster sandbox or polling.
 */
@FunctionalInterface
interface InjectorFactory {
  Injector create(Settings settings);

  static InjectorFactory production() {
    return settings ->
        // DEVELOPMENT stage: singletons are made on first use, so a command that needs no
        // database or sandbox never opens one.
        Guice.createInjector(Stage.DEVELOPMENT, new CliModule(settings, UnaryOperator.identity()));
  }
}
