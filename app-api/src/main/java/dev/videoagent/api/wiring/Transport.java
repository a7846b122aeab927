package dev.videoagent.api.wiring;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks the gateway adapter as the gateway modules make it (real gateway or sandbox), before {@link
 * GatewayPipelineModule} puts the circuit breaker and the observer around it. Everything else asks
 * for the plain {@code VideoGateway}.
 */
@Qualifier
@Retention(RUNTIME)
@Target({METHOD, PARAMETER})
public @interface Transport {}
