package dev.videoagent.assembly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import dev.videoagent.adapters.http.OkHttpWebhookSender;
import dev.videoagent.assembly.Assembly;
import dev.videoagent.assembly.TestAssemblies;
import dev.videoagent.core.Delivery;
import dev.videoagent.core.DeliveryState;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.SigningSecrets;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.WebhookDestinations;
import dev.videoagent.core.WebhookEndpoint;
import dev.videoagent.core.WebhookSecret;
import dev.videoagent.core.testing.TestJobs;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.Backoff;
import dev.videoagent.core.usecase.DeliveryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook dispatcher end to end on a real SQLite file: fan-out, signatures the reference
 * library accepts, retries with a stable webhook-id, time-outs, 410, redirects and Retry-After,
 * against receivers on loopback.
 */
class WebhookDeliveryTest {
  static final DeliveryPolicy FAST =
      DeliveryPolicy.standard()
          .withBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(3)))
          .withRetryFor(Duration.ofMinutes(2))
          .withLease(Duration.ofSeconds(20))
          .withBatch(7);

  @TempDir Path home;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Assembly assembly(Assembly.Builder builder) {
    Assembly assembly = builder.deliveryPolicy(FAST).build();
    open.add(assembly);
    return assembly;
  }

  private Assembly assembly() {
    return assembly(Assembly.builder(TestAssemblies.settings(home, true, null)));
  }

  private Receiver receiver(Receiver.Script script) throws Exception {
    Receiver receiver = new Receiver(script);
    open.add(receiver);
    return receiver;
  }

  /** A job of {@code tenant} accepted by the gateway: one video.queued event. */
  @Test
  void failedAttemptsAreRetriedWithOneWebhookIdAndNothingIsSentAfterTheTwoHundred()
      throws Exception {
    Receiver receiver = receiver((n, id) -> Receiver.Answer.status(n <= 2 ? 500 : 200));
    Assembly assembly = assembly();
    assembly.manageWebhooks().register("acme", receiver.url("/hook").toString(), null);
    VideoJob job = TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.webhookDispatcher().start();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveries(assembly, job).get(0).state() == DeliveryState.DELIVERED);
    Delivery delivery = deliveries(assembly, job).get(0);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.lastStatus()).isEqualTo(200);
    assertThat(delivery.deliveredAt()).isNotNull();
    assertThat(delivery.nextAttemptAt()).isNull();

    List<Receiver.Received> got = receiver.received();
    assertThat(got)
        .hasSize(3)
        .extracting(Receiver.Received::webhookId)
        .containsOnly(delivery.eventId());
    assertThat(delivery.eventId()).startsWith("evt_" + job.id());
    String secret = assembly.tenantSecrets().of("acme").current().key();
    for (Receiver.Received r : got) {
      new Webhook(secret).verify(r.body(), r.headers());
      assertThat(r.body()).contains("\"type\":\"video.queued\"").contains(job.id());
      assertThat(r.headers().get("content-type")).containsExactly("application/json");
    }
    Thread.sleep(1500);
    assertThat(receiver.received()).hasSize(3);

    // An explicit redelivery sends it again, with the same webhook-id.
    assertThat(assembly.manageWebhooks().redeliver(Access.tenant("acme"), delivery.id()))
        .isPresent();
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 4);
    assertThat(receiver.received().get(3).webhookId()).isEqualTo(delivery.eventId());
    assertThat(assembly.manageWebhooks().redeliver(Access.tenant("beta"), delivery.id())).isEmpty();
  }

  @Test
  void afterARotationBothSecretsSignForADay() throws Exception {
    Receiver receiver = receiver((n, id) -> Receiver.Answer.status(204));
    Assembly assembly = assembly();
    SigningSecrets before = assembly.tenantSecrets().of("acme");
    assertThat(assembly.tenantSecrets().of("acme")).isEqualTo(before);
    assertThat(before.current().key()).startsWith("whsec_");
    SigningSecrets after = assembly.tenantSecrets().rotate("acme");
    assertThat(after.current()).isNotEqualTo(before.current());
    assertThat(after.previous()).isEqualTo(before.current());

    assembly.manageWebhooks().register("acme", receiver.url("/r").toString(), List.of());
    TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.webhookDispatcher().start();
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
    Receiver.Received r = receiver.received().get(0);
    assertThat(r.headers().get("webhook-signature").get(0).split(" ")).hasSize(2);
    // A receiver that knows either secret accepts it.
    new Webhook(after.current().key()).verify(r.body(), r.headers());
    new Webhook(before.current().key()).verify(r.body(), r.headers());
    assertThatThrownBy(
            () ->
                new Webhook(WebhookSecret.generate(new java.security.SecureRandom()).key())
                    .verify(r.body(), r.headers()))
        .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
  }

  @Test
  void aReceiverSlowerThanTheTimeoutIsAFailedAttemptAndTriedAgain() throws Exception {
    Receiver receiver = receiver((n, id) -> new Receiver.Answer(200, Map.of(), n == 1 ? 3_000 : 0));
    Assembly assembly =
        assembly(
            Assembly.builder(TestAssemblies.settings(home, true, null))
                .webhookSender(
                    new OkHttpWebhookSender(
                        new WebhookDestinations(true),
                        OkHttpWebhookSender.Resolver.system(),
                        Duration.ofSeconds(1))));
    assembly.manageWebhooks().register("acme", receiver.url("/slow").toString(), null);
    VideoJob job = TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.webhookDispatcher().start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveries(assembly, job).get(0).state() == DeliveryState.DELIVERED);
    Delivery delivery = deliveries(assembly, job).get(0);
    // The first answer came too late: that attempt failed, even though the receiver said 200.
    assertThat(delivery.attempts()).isEqualTo(2);
    assertThat(receiver.received()).hasSize(2);
  }

  @Test
  void goneDisablesTheEndpoint() throws Exception {
    Receiver receiver = receiver((n, id) -> Receiver.Answer.status(410));
    Assembly assembly = assembly();
    WebhookEndpoint endpoint =
        assembly.manageWebhooks().register("acme", receiver.url("/gone").toString(), null);
    VideoJob job = TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.webhookDispatcher().start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveries(assembly, job).get(0).state() == DeliveryState.STOPPED);
    assertThat(assembly.manageWebhooks().list("acme"))
        .singleElement()
        .satisfies(e -> assertThat(e.enabled()).isFalse());
    assertThat(deliveries(assembly, job).get(0).lastStatus()).isEqualTo(410);
    // Later events are not sent to it.
    assembly.jobs().update(job.canceled(Instant.now())).orElseThrow();
    Thread.sleep(1000);
    assertThat(deliveries(assembly, job)).hasSize(1);
    assertThat(receiver.received()).hasSize(1);
    assertThat(endpoint.id()).startsWith("wh_");
  }

  @Test
  void goneAtACallbackUrlStopsThatJobsCallbacks() throws Exception {
    Receiver receiver = receiver((n, id) -> Receiver.Answer.status(410));
    Assembly assembly = assembly();
    VideoJob job =
        TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", receiver.url("/cb"));
    assembly.webhookDispatcher().start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveries(assembly, job).get(0).state() == DeliveryState.STOPPED);
    assembly.jobs().update(job.canceled(Instant.now())).orElseThrow();
    Thread.sleep(1000);
    assertThat(deliveries(assembly, job)).hasSize(1);
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() throws Exception {
    Receiver target = receiver((n, id) -> Receiver.Answer.status(200));
    Receiver redirecting =
        receiver(
            (n, id) ->
                n == 1
                    ? new Receiver.Answer(
                        302, Map.of("Location", target.url("/elsewhere").toString()), 0)
                    : Receiver.Answer.status(200));
    Assembly assembly = assembly();
    assembly.manageWebhooks().register("acme", redirecting.url("/moved").toString(), null);
    VideoJob job = TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.webhookDispatcher().start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveries(assembly, job).get(0).state() == DeliveryState.DELIVERED);
    assertThat(deliveries(assembly, job).get(0).attempts()).isEqualTo(2);
    assertThat(redirecting.received()).hasSize(2);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void retryAfterIsHonoured() throws Exception {
    Receiver receiver =
        receiver(
            (n, id) ->
                n == 1
                    ? new Receiver.Answer(503, Map.of("Retry-After", "2"), 0)
                    : Receiver.Answer.status(200));
    Assembly assembly = assembly();
    assembly.manageWebhooks().register("acme", receiver.url("/busy").toString(), null);
    TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.webhookDispatcher().start();
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 2);
    List<Receiver.Received> got = receiver.received();
    assertThat(Duration.between(got.get(0).at(), got.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void endpointsFilterByEventType() throws Exception {
    Receiver receiver = receiver((n, id) -> Receiver.Answer.status(200));
    Assembly assembly = assembly();
    assembly
        .manageWebhooks()
        .register("acme", receiver.url("/c").toString(), List.of("video.canceled"));
    VideoJob job = TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.jobs().update(job.canceled(Instant.now())).orElseThrow();
    assembly.webhookDispatcher().start();
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
    assertThat(deliveries(assembly, job))
        .singleElement()
        .extracting(Delivery::type)
        .isEqualTo(JobEventType.CANCELED);
  }

  @Test
  void privateAddressesAreRefusedWhenRegisteredUnlessAllowed() {
    Assembly strict =
        assembly(Assembly.builder(TestAssemblies.settings(home.resolve("strict"), false, null)));
    for (String url :
        List.of(
            "http://127.0.0.1/x",
            "http://localhost:8080/x",
            "http://169.254.169.254/latest/meta-data",
            "http://10.1.2.3/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[fd00::1]/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "ftp://example.com/")) {
      assertThatThrownBy(() -> strict.manageWebhooks().register("acme", url, null))
          .as(url)
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("url"));
    }
    assertThatThrownBy(
            () -> strict.manageWebhooks().register("acme", "https://x.example/h", List.of("nope")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("events"));
    assertThat(strict.manageWebhooks().register("acme", "https://hooks.example.com/h", null).url())
        .isEqualTo(URI.create("https://hooks.example.com/h"));
    // The job's callback_url is held to the same rule.
    VideoRequest toLoopback =
        VideoRequest.parse("p", null, null, null, null, "http://127.0.0.1:9/cb");
    assertThatThrownBy(() -> strict.createJob().create("acme", toLoopback, null))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("callback_url"));
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedWhenSent() throws Exception {
    Receiver receiver = receiver((n, id) -> Receiver.Answer.status(200));
    int port = receiver.url("/").getPort();
    Assembly assembly =
        assembly(
            Assembly.builder(TestAssemblies.settings(home, false, null))
                .webhookSender(
                    new OkHttpWebhookSender(
                        WebhookDestinations.publicOnly(),
                        host ->
                            List.of(
                                java.net.InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})),
                        Duration.ofSeconds(5))));
    // Public by its name at registration; loopback once resolved.
    assembly.manageWebhooks().register("acme", "http://hooks.example.com:" + port + "/h", null);
    VideoJob job = TestAssemblies.queued(assembly.jobs(), TestJobs.id(1), "acme", null);
    assembly.webhookDispatcher().start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveries(assembly, job).get(0).attempts() >= 2);
    assertThat(deliveries(assembly, job).get(0).lastError()).contains("127.0.0.1");
    assertThat(receiver.received()).isEmpty();
  }

  static List<Delivery> deliveries(Assembly assembly, VideoJob job) {
    return assembly
        .manageWebhooks()
        .deliveriesOf(Access.tenant(job.tenant()), job.id())
        .orElseThrow();
  }

  static Set<String> ids(List<Receiver.Received> received) {
    return received.stream().map(Receiver.Received::webhookId).collect(Collectors.toSet());
  }
}
