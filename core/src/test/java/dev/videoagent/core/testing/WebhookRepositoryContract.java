package dev.videoagent.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.Delivery;
import dev.videoagent.core.DeliveryState;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.SigningSecrets;
import dev.videoagent.core.TimeOrderedIdGenerator;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.WebhookEndpoint;
import dev.videoagent.core.WebhookSecret;
import dev.videoagent.core.port.AttemptOutcome;
import dev.videoagent.core.port.ClaimedDelivery;
import dev.videoagent.core.port.EventQuery;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.WebhookRepository;
import dev.videoagent.core.usecase.Backoff;
import dev.videoagent.core.usecase.DeliveryPolicy;
import dev.videoagent.core.usecase.FanOutEvents;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WebhookRepository} must do, on a database that also holds the jobs and their
 * change record: SQLite and PostgreSQL run it.
 */
public abstract class WebhookRepositoryContract {
  protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123Z");
  private static final Duration LEASE = Duration.ofSeconds(60);

  /** A fresh database's job repository and outbox. */
  protected abstract Stores stores();

  /** Another process's view of the same database (its own connections). */
  protected abstract Stores another();

  /** The two repositories of one database. */
  public record Stores(JobRepository jobs, WebhookRepository webhooks) {}

  private final MutableClock clock = new MutableClock(T0);
  private final DeliveryPolicy policy =
      DeliveryPolicy.standard()
          .withBatch(7)
          .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)));

  @Test
  void aTenantsSecretsAreMadeOnceAndRotatedByCompareAndSet() {
    WebhookRepository webhooks = stores().webhooks();
    SigningSecrets first = SigningSecrets.of(WebhookSecret.generate(new SecureRandom()));
    assertThat(webhooks.secrets("acme")).isEmpty();
    assertThat(webhooks.secretsIfAbsent("acme", first, T0)).isEqualTo(first);
    SigningSecrets other = SigningSecrets.of(WebhookSecret.generate(new SecureRandom()));
    assertThat(webhooks.secretsIfAbsent("acme", other, T0)).isEqualTo(first);
    assertThat(webhooks.secrets("beta")).isEmpty();

    SigningSecrets rotated =
        first.rotatedTo(WebhookSecret.generate(new SecureRandom()), T0.plusSeconds(5));
    assertThat(webhooks.replaceSecrets("acme", first, rotated)).isTrue();
    assertThat(webhooks.replaceSecrets("acme", first, other)).isFalse();
    assertThat(webhooks.secrets("acme")).contains(rotated);
    assertThat(rotated.signingAt(T0.plusSeconds(6)))
        .containsExactly(rotated.current(), first.current());
    assertThat(rotated.signingAt(T0.plusSeconds(5).plus(SigningSecrets.OVERLAP)))
        .containsExactly(rotated.current());
  }

  @Test
  void endpointsBelongToTheirTenant() {
    WebhookRepository webhooks = stores().webhooks();
    WebhookEndpoint a = endpoint("wh_a", "acme", Set.of(JobEventType.STORED));
    WebhookEndpoint b = endpoint("wh_b", "acme", Set.of());
    webhooks.addEndpoint(a);
    webhooks.addEndpoint(b);
    webhooks.addEndpoint(endpoint("wh_c", "beta", Set.of()));
    assertThat(webhooks.endpoints("acme")).containsExactly(a, b);
    assertThat(webhooks.removeEndpoint("beta", "wh_a")).isFalse();
    assertThat(webhooks.removeEndpoint("acme", "wh_a")).isTrue();
    assertThat(webhooks.endpoints("acme")).containsExactly(b);
  }

  @Test
  void fanOutMakesOneDeliveryPerEventAndTargetAndMarksTheEvents() {
    Stores stores = stores();
    stores.webhooks().addEndpoint(endpoint("wh_all", "acme", Set.of()));
    stores.webhooks().addEndpoint(endpoint("wh_stored", "acme", Set.of(JobEventType.CANCELED)));
    stores.webhooks().addEndpoint(endpoint("wh_beta", "beta", Set.of()));
    VideoJob job =
        queued(stores.jobs(), TestJobs.id(1), "acme", URI.create("https://cb.example/x"));
    stores.jobs().update(job.canceled(T0.plusSeconds(1))).orElseThrow();

    assertThat(stores.webhooks().eventsToFanOut(100)).hasSize(2);
    assertThat(fanOut(stores).runOnce()).isEqualTo(2);
    assertThat(stores.webhooks().eventsToFanOut(100)).isEmpty();

    List<Delivery> deliveries = stores.webhooks().deliveriesOfJob(job.id());
    // queued: wh_all + callback; canceled: wh_all + wh_stored + callback.
    assertThat(deliveries).hasSize(5).allMatch(d -> d.state() == DeliveryState.PENDING);
    assertThat(deliveries.stream().filter(Delivery::toCallbackUrl)).hasSize(2);
    assertThat(deliveries.stream().filter(d -> "wh_stored".equals(d.endpointId())))
        .singleElement()
        .extracting(Delivery::type)
        .isEqualTo(JobEventType.CANCELED);

    // The same fan-out again (another process read the events at the same time) adds nothing.
    List<JobEvent> events = stores.jobs().events(EventQuery.all(0, 100));
    FanOutAgain.run(stores, events, clock.instant());
    assertThat(stores.webhooks().deliveriesOfJob(job.id())).hasSize(5);
  }

  @Test
  void eventsNotFannedOutAreNotPruned() {
    Stores stores = stores();
    VideoJob job = queued(stores.jobs(), TestJobs.id(1), "acme", null);
    stores.jobs().update(job.canceled(T0.plusSeconds(1))).orElseThrow();
    assertThat(stores.jobs().pruneEvents(T0.plus(Duration.ofDays(30)), 100)).isZero();
    fanOut(stores).runOnce();
    assertThat(stores.jobs().pruneEvents(T0.plus(Duration.ofDays(30)), 100)).isEqualTo(2);
  }

  @Test
  void fanOutGoesPastItsBatchInSeqOrder() {
    Stores stores = stores();
    stores.webhooks().addEndpoint(endpoint("wh_all", "acme", Set.of()));
    for (int i = 1; i <= 20; i++) {
      queued(stores.jobs(), TestJobs.id(i), "acme", null);
    }
    FanOutEvents fanOut = fanOut(stores);
    List<Integer> rounds = new ArrayList<>();
    int n;
    while ((n = fanOut.runOnce()) > 0) {
      rounds.add(n);
    }
    assertThat(rounds).containsExactly(7, 7, 6);
    for (int i = 1; i <= 20; i++) {
      assertThat(stores.webhooks().deliveriesOfJob(TestJobs.id(i))).hasSize(1);
    }
  }

  @Test
  void aClaimHoldsADeliveryForItsLeaseAndOnlyItsClaimRecordsTheOutcome() {
    Stores stores = stores();
    Delivery delivery = oneDelivery(stores);
    WebhookRepository webhooks = stores.webhooks();

    List<ClaimedDelivery> claimed = webhooks.claimDue(T0.plusSeconds(1), LEASE, 10);
    assertThat(claimed).singleElement().satisfies(c -> assertThat(c.attempt()).isEqualTo(1));
    ClaimedDelivery first = claimed.get(0);
    assertThat(first.payload()).contains("video.queued");
    assertThat(first.eventId()).isEqualTo(delivery.eventId());
    assertThat(webhooks.claimDue(T0.plusSeconds(2), LEASE, 10)).isEmpty();

    // The lease ran out (the first dispatcher died): another claims it; the first cannot record.
    Instant later = T0.plusSeconds(1).plus(LEASE).plusMillis(1);
    ClaimedDelivery second = webhooks.claimDue(later, LEASE, 10).get(0);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(webhooks.record(first, new AttemptOutcome.Delivered(200, later))).isFalse();

    Instant retry = later.plusSeconds(30);
    assertThat(
            webhooks.record(second, new AttemptOutcome.RetryAt(503, "answered 503", later, retry)))
        .isTrue();
    Delivery failed = webhooks.delivery(delivery.id()).orElseThrow();
    assertThat(failed.lastStatus()).isEqualTo(503);
    assertThat(failed.nextAttemptAt()).isEqualTo(retry);
    assertThat(failed.attempts()).isEqualTo(2);
    assertThat(webhooks.claimDue(retry.minusMillis(1), LEASE, 10)).isEmpty();

    ClaimedDelivery third = webhooks.claimDue(retry, LEASE, 10).get(0);
    assertThat(webhooks.record(third, new AttemptOutcome.Delivered(204, retry))).isTrue();
    Delivery delivered = webhooks.delivery(delivery.id()).orElseThrow();
    assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(delivered.deliveredAt()).isEqualTo(retry);
    assertThat(delivered.nextAttemptAt()).isNull();
    // Never due again once delivered, however late it gets.
    assertThat(webhooks.claimDue(retry.plus(Duration.ofDays(2)), LEASE, 10)).isEmpty();

    // Except when someone asks for it again: due at once, same event.
    Instant asked = retry.plusSeconds(100);
    assertThat(webhooks.redeliver(delivery.id(), asked, asked.plus(Duration.ofDays(3)))).isTrue();
    ClaimedDelivery again = webhooks.claimDue(asked, LEASE, 10).get(0);
    assertThat(again.eventId()).isEqualTo(delivery.eventId());
    assertThat(webhooks.redeliver("dlv_none", asked, asked)).isFalse();
  }

  @Test
  void givingUpSettlesTheDelivery() {
    Stores stores = stores();
    Delivery delivery = oneDelivery(stores);
    ClaimedDelivery claimed = stores.webhooks().claimDue(T0.plusSeconds(1), LEASE, 1).get(0);
    stores
        .webhooks()
        .record(claimed, new AttemptOutcome.GaveUp(500, "answered 500", T0.plusSeconds(2)));
    Delivery settled = stores.webhooks().delivery(delivery.id()).orElseThrow();
    assertThat(settled.state()).isEqualTo(DeliveryState.GAVE_UP);
    assertThat(settled.lastError()).contains("answered 500");
    assertThat(stores.webhooks().claimDue(T0.plus(Duration.ofDays(9)), LEASE, 1)).isEmpty();
  }

  @Test
  void goneDisablesTheEndpointAndStopsItsPendingDeliveries() {
    Stores stores = stores();
    stores.webhooks().addEndpoint(endpoint("wh_gone", "acme", Set.of()));
    for (int i = 1; i <= 3; i++) {
      queued(stores.jobs(), TestJobs.id(i), "acme", null);
    }
    fanOut(stores).runOnce();
    ClaimedDelivery claimed = stores.webhooks().claimDue(T0.plusSeconds(1), LEASE, 1).get(0);
    stores.webhooks().record(claimed, new AttemptOutcome.Gone(T0.plusSeconds(2)));

    assertThat(stores.webhooks().endpoints("acme"))
        .singleElement()
        .satisfies(e -> assertThat(e.enabled()).isFalse());
    for (int i = 1; i <= 3; i++) {
      assertThat(stores.webhooks().deliveriesOfJob(TestJobs.id(i)))
          .singleElement()
          .satisfies(d -> assertThat(d.state()).isEqualTo(DeliveryState.STOPPED));
    }
    assertThat(stores.webhooks().claimDue(T0.plusSeconds(3), LEASE, 10)).isEmpty();
    // A disabled endpoint gets no new deliveries.
    queued(stores.jobs(), TestJobs.id(4), "acme", null);
    fanOut(stores).runOnce();
    assertThat(stores.webhooks().deliveriesOfJob(TestJobs.id(4))).isEmpty();
  }

  @Test
  void goneAtACallbackUrlStopsThatJobsCallbacksOnly() {
    Stores stores = stores();
    URI url = URI.create("https://cb.example/hook");
    VideoJob one = queued(stores.jobs(), TestJobs.id(1), "acme", url);
    VideoJob two = queued(stores.jobs(), TestJobs.id(2), "acme", url);
    fanOut(stores).runOnce();
    ClaimedDelivery first =
        stores.webhooks().claimDue(T0.plusSeconds(1), LEASE, 10).stream()
            .filter(c -> c.jobId().equals(one.id()))
            .findFirst()
            .orElseThrow();
    stores.webhooks().record(first, new AttemptOutcome.Gone(T0.plusSeconds(2)));
    assertThat(stores.webhooks().callbackGone(one.id())).isTrue();
    assertThat(stores.webhooks().callbackGone(two.id())).isFalse();

    stores.jobs().update(one.canceled(T0.plusSeconds(3))).orElseThrow();
    stores.jobs().update(two.canceled(T0.plusSeconds(3))).orElseThrow();
    fanOut(stores).runOnce();
    assertThat(stores.webhooks().deliveriesOfJob(one.id())).hasSize(1);
    assertThat(stores.webhooks().deliveriesOfJob(two.id())).hasSize(2);
  }

  @Test
  void removingAnEndpointStopsItsPendingDeliveries() {
    Stores stores = stores();
    stores.webhooks().addEndpoint(endpoint("wh_x", "acme", Set.of()));
    queued(stores.jobs(), TestJobs.id(1), "acme", null);
    fanOut(stores).runOnce();
    assertThat(stores.webhooks().removeEndpoint("acme", "wh_x")).isTrue();
    assertThat(stores.webhooks().deliveriesOfJob(TestJobs.id(1)))
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(DeliveryState.STOPPED));
    assertThat(stores.webhooks().claimDue(T0.plusSeconds(1), LEASE, 10)).isEmpty();
  }

  /**
   * Two processes claiming at once, many times over, in batches smaller than the work: every
   * delivery is claimed by exactly one of them.
   */
  @Test
  void twoProcessesNeverClaimTheSameDelivery() throws Exception {
    Stores one = stores();
    one.webhooks().addEndpoint(endpoint("wh_1", "acme", Set.of()));
    one.webhooks().addEndpoint(endpoint("wh_2", "acme", Set.of()));
    int jobs = 60;
    for (int i = 1; i <= jobs; i++) {
      queued(one.jobs(), TestJobs.id(i), "acme", null);
    }
    while (fanOut(one).runOnce() > 0) {}
    Stores two = another();
    Map<String, Integer> claims = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> runs = new ArrayList<>();
    for (WebhookRepository webhooks :
        List.of(one.webhooks(), two.webhooks(), one.webhooks(), two.webhooks())) {
      runs.add(
          pool.submit(
              () -> {
                start.await();
                List<ClaimedDelivery> got;
                while (!(got = webhooks.claimDue(T0.plusSeconds(1), LEASE, 3)).isEmpty()) {
                  got.forEach(c -> claims.merge(c.id(), 1, Integer::sum));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> run : runs) {
      run.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(claims).hasSize(2 * jobs);
    assertThat(new HashSet<>(claims.values())).containsExactly(1);
  }

  // ---------------------------------------------------------------------------------------------

  private FanOutEvents fanOut(Stores stores) {
    return new FanOutEvents(
        stores.webhooks(),
        stores.jobs(),
        new TimeOrderedIdGenerator(clock, new SecureRandom()),
        clock,
        policy);
  }

  private Delivery oneDelivery(Stores stores) {
    stores.webhooks().addEndpoint(endpoint("wh_one", "acme", Set.of()));
    VideoJob job = queued(stores.jobs(), TestJobs.id(1), "acme", null);
    fanOut(stores).runOnce();
    return stores.webhooks().deliveriesOfJob(job.id()).get(0);
  }

  private static WebhookEndpoint endpoint(String id, String tenant, Set<JobEventType> events) {
    return new WebhookEndpoint(
        id, tenant, URI.create("https://" + id + ".example/hook"), events, true, T0);
  }

  /** A job of {@code tenant} the gateway accepted at {@code T0}: one {@code video.queued}. */
  private static VideoJob queued(JobRepository jobs, String id, String tenant, URI callbackUrl) {
    VideoRequest request =
        new VideoRequest("prompt of " + id, null, null, null, Map.of(), callbackUrl);
    VideoJob pending =
        VideoJob.create(id, tenant, request, null, "tok-" + id, T0, T0.plus(Duration.ofHours(2)));
    VideoJob stored = jobs.insert(pending);
    return jobs.update(
            stored
                .submissionStarted(T0, T0.plusSeconds(60))
                .acceptedByGateway("req-" + id, false, T0, T0.plusSeconds(5)))
        .orElseThrow();
  }

  /** Records the deliveries a fan-out of {@code events} makes once more, as a racing process. */
  private static final class FanOutAgain {
    static void run(Stores stores, List<JobEvent> events, Instant at) {
      List<dev.videoagent.core.port.NewDelivery> again = new ArrayList<>();
      for (JobEvent event : events) {
        for (Delivery d : stores.webhooks().deliveriesOfJob(event.jobId())) {
          if (d.eventId().equals(event.eventId())) {
            again.add(
                new dev.videoagent.core.port.NewDelivery(
                    "dlv_again_" + again.size(), d.eventId(), d.endpointId(), d.url(), at, at));
          }
        }
      }
      stores.webhooks().recordFanOut(events, Collections.unmodifiableList(again), at);
    }
  }
}
