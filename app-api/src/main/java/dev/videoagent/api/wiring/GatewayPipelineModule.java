package dev.videoagent.api.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.videoagent.core.port.VideoGateway;
import java.time.Duration;

/**
 * Puts the circuit breaker and the call observer around whichever gateway adapter the gateway
 * module made. The observer does nothing unless a module sets one (the service counts calls).
 */
public final class GatewayPipelineModule extends AbstractModule {
  /** How long the breaker, once open, keeps calls away from a failing gateway. */
  static final Duration OPEN_FOR = Duration.ofSeconds(30);

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), GatewayObserver.class)
        .setDefault()
        .toInstance((operation, outcome) -> {});
  }

  @Provides
  @Singleton
  GuardedGateway guarded(@Transport VideoGateway transport, GatewayObserver observer) {
    return new GuardedGateway(transport, GuardedGateway.breaker(OPEN_FOR), observer);
  }

  @Provides
  @Singleton
  VideoGateway gateway(GuardedGateway guarded) {
    return guarded;
  }
}
