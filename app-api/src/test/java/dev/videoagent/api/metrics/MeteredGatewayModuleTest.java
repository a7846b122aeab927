package dev.videoagent.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.port.GatewayAuthenticationException;
import dev.videoagent.core.port.GatewaySubmission;
import dev.videoagent.core.port.GatewayTrouble;
import dev.videoagent.core.port.StatusResult;
import dev.videoagent.core.port.SubmitResult;
import dev.videoagent.core.port.VideoGateway;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeteredGatewayModuleTest {
  private final ServiceMetrics metrics =
      new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  /** Answers submits as told, reads as "still running"; refuses the key for one request id. */
  private static final class FakeGateway implements VideoGateway {
    private final SubmitResult answer;

    FakeGateway(SubmitResult answer) {
      this.answer = answer;
    }

    @Override
    public SubmitResult submit(GatewaySubmission submission) {
      return answer;
    }

    @Override
    public StatusResult readStatus(String gatewayRequestId) {
      if (gatewayRequestId.equals("bad-key")) {
        throw new GatewayAuthenticationException("PIXAZO_API_KEY was refused");
      }
      return new StatusResult.Unreadable(GatewayTrouble.GARBLED, "half a JSON", null);
    }
  }

  @Test
  void aProvidesBindingIsWrappedKeepingItsScopeAndDependencies() {
    AtomicInteger made = new AtomicInteger();
    Injector injector =
        injector(
            new AbstractModule() {
              @Provides
              @Singleton
              VideoGateway gateway(SubmitResult answer) {
                made.incrementAndGet();
                return new FakeGateway(answer);
              }

              @Provides
              SubmitResult answer() {
                return new SubmitResult.Accepted("req-1");
              }
            });
    VideoGateway gateway = injector.getInstance(VideoGateway.class);
    assertThat(gateway).isInstanceOf(MeteredVideoGateway.class);
    assertThat(injector.getInstance(VideoGateway.class)).isSameAs(gateway);

    assertThat(gateway.submit(submission())).isEqualTo(new SubmitResult.Accepted("req-1"));
    gateway.submit(submission());
    gateway.readStatus("req-1");
    assertThatThrownBy(() -> gateway.readStatus("bad-key"))
        .isInstanceOf(GatewayAuthenticationException.class);

    assertThat(made).hasValue(1);
    assertThat(count("submit", "accepted")).isEqualTo(2);
    assertThat(count("status", "unreadable")).isEqualTo(1);
    assertThat(count("status", "unauthorized")).isEqualTo(1);
  }

  @Test
  void anInstanceBindingIsWrappedToo() {
    Injector injector =
        injector(
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(VideoGateway.class)
                    .toInstance(new FakeGateway(new SubmitResult.Ambiguous("a 502")));
              }
            });
    injector.getInstance(VideoGateway.class).submit(submission());
    assertThat(count("submit", "ambiguous")).isEqualTo(1);
  }

  @Test
  void aModuleWithoutAGatewayIsRefused() {
    assertThatThrownBy(() -> injector(new AbstractModule() {}))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("binds no VideoGateway");
  }

  private Injector injector(AbstractModule gatewayModule) {
    return Guice.createInjector(
        new MeteredGatewayModule(gatewayModule),
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(ServiceMetrics.class).toInstance(metrics);
          }
        });
  }

  private double count(String call, String outcome) {
    return metrics
        .registry()
        .get("videoagent.gateway.calls")
        .tag("call", call)
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private static GatewaySubmission submission() {
    return new GatewaySubmission(VideoRequest.of("hello"), null);
  }
}
