package dev.videoagent.assembly;

import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway behind a circuit breaker: when most recent calls failed (unreachable, 503, 5xx,
 * garbled, ambiguous), it stops calling for a while and answers at once as if the gateway said "not
 * now" — a submit is {@code NotTaken} (so the job stays pending, unbilled), a status read is {@code
 * Unreadable} — with the remaining pause as {@code Retry-After}. Rate limiting (429) is the gateway
 * working as designed and never opens the breaker.
 *
 * <p>Resilience4j provides the breaker's state machine (closed → open → half-open); it is used
 * through its permission API because our calls return outcomes instead of throwing.
 */
public final class GuardedGateway implements VideoGateway {
  private final VideoGateway gateway;
  private final CircuitBreaker breaker;
  private final GatewayObserver observer;

  public GuardedGateway(VideoGateway gateway, CircuitBreaker breaker, GatewayObserver observer) {
    this.gateway = gateway;
    this.breaker = breaker;
    this.observer = observer;
  }

  /**
   * The breaker's settings: it opens after at least {@code minimumCalls} calls of which {@code
   * failureRatePercent} or more failed, within the last {@code window}; stays open for {@code
   * openFor}, then lets {@code halfOpenCalls} trial calls through.
   */
  public record BreakerSettings(
      int window, int minimumCalls, float failureRatePercent, Duration openFor, int halfOpenCalls) {

    /** 10 calls of the last 20, half of them failed; {@code openFor}; 3 trial calls. */
    public static BreakerSettings standard(Duration openFor) {
      return new BreakerSettings(20, 10, 50, openFor, 3);
    }
  }

  /** A breaker with the {@linkplain BreakerSettings#standard standard} settings. */
  public static CircuitBreaker breaker(Duration openFor) {
    return breaker(BreakerSettings.standard(openFor));
  }

  public static CircuitBreaker breaker(BreakerSettings settings) {
    return CircuitBreaker.of(
        "pixazo-gateway",
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(settings.window())
            .minimumNumberOfCalls(settings.minimumCalls())
            .failureRateThreshold(settings.failureRatePercent())
            .waitDurationInOpenState(settings.openFor())
            .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .build());
  }

  /** {@code closed}, {@code open} or {@code half_open} (and Resilience4j's rarer states). */
  public String state() {
    return breaker.getState().name().toLowerCase(Locale.ROOT);
  }

  public boolean isDegraded() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN;
  }

  @Override
  public SubmitResult submit(GatewaySubmission submission) {
    if (!breaker.tryAcquirePermission()) {
      observer.called("submit", "short_circuited");
      return new SubmitResult.NotTaken(
          GatewayTrouble.UNAVAILABLE, pausedMessage(), remainingPause());
    }
    SubmitResult result = call("submit", () -> gateway.submit(submission));
    boolean failure =
        result instanceof SubmitResult.Ambiguous
            || (result instanceof SubmitResult.NotTaken notTaken
                && notTaken.trouble() != GatewayTrouble.RATE_LIMITED
                && notTaken.trouble() != GatewayTrouble.OUT_OF_CREDIT);
    record(failure);
    observer.called("submit", outcome(result));
    return result;
  }

  @Override
  public StatusResult readStatus(String gatewayRequestId) {
    if (!breaker.tryAcquirePermission()) {
      observer.called("status", "short_circuited");
      return new StatusResult.Unreadable(
          GatewayTrouble.UNAVAILABLE, pausedMessage(), remainingPause());
    }
    StatusResult result = call("status", () -> gateway.readStatus(gatewayRequestId));
    record(
        result instanceof StatusResult.Unreadable unreadable
            && unreadable.trouble() != GatewayTrouble.RATE_LIMITED);
    observer.called("status", outcome(result));
    return result;
  }

  private <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (GatewayAuthenticationException e) {
      // A refused key says the gateway is up: neither success nor outage.
      breaker.releasePermission();
      observer.called(operation, "unauthorized");
      throw e;
    } catch (RuntimeException e) {
      breaker.onError(0, TimeUnit.NANOSECONDS, e);
      observer.called(operation, "error");
      throw e;
    }
  }

  private void record(boolean failure) {
    if (failure) {
      breaker.onError(0, TimeUnit.NANOSECONDS, GatewayOutage.INSTANCE);
    } else {
      breaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }
  }

  /** The breaker's pause: the earliest a retry can get through. */
  private Duration remainingPause() {
    return Duration.ofMillis(
        breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
  }

  private String pausedMessage() {
    return "the gateway failed most recent calls; videoagent paused calling it for a while";
  }

  static String outcome(SubmitResult result) {
    if (result instanceof SubmitResult.Accepted) {
      return "accepted";
    }
    if (result instanceof SubmitResult.NotTaken notTaken) {
      // A 402 answers from a working gateway: the account, not the gateway, is the trouble.
      return notTaken.trouble() == GatewayTrouble.OUT_OF_CREDIT ? "out_of_credit" : "not_taken";
    }
    if (result instanceof SubmitResult.Rejected) {
      return "rejected";
    }
    return "ambiguous";
  }

  static String outcome(StatusResult result) {
    if (result instanceof StatusResult.Running) {
      return "running";
    }
    if (result instanceof StatusResult.Completed) {
      return "completed";
    }
    if (result instanceof StatusResult.Failed) {
      return "failed";
    }
    if (result instanceof StatusResult.Canceled) {
      return "canceled";
    }
    return "unreadable";
  }

  @Override
  public String toString() {
    return "Guarded[" + gateway + "]";
  }

  /** What the breaker counts for an outcome that is a value, not an exception. */
  private static final class GatewayOutage extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final GatewayOutage INSTANCE = new GatewayOutage();

    private GatewayOutage() {
      super("gateway outage", null, false, false);
    }
  }
}
