package dev.videoagent.core.port;

import dev.videoagent.core.Delivery;
import dev.videoagent.core.JobEvent;
import dev.videoagent.core.SigningSecrets;
import dev.videoagent.core.WebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The webhook outbox: tenants' signing secrets, their endpoints, and one delivery per event and
 * target. Everything the dispatcher knows is here, so a restart loses nothing, and several
 * processes on one database share the work without sending one delivery twice at once.
 */
public interface WebhookRepository {

  // Secrets.

  Optional<SigningSecrets> secrets(String tenant);

  /** Stores {@code secrets} unless the tenant has some already; returns what is stored. */
  SigningSecrets secretsIfAbsent(String tenant, SigningSecrets secrets, Instant at);

  /**
   * Replaces the tenant's secrets with {@code next} if they are still {@code expected}.
   *
   * @return false when someone else changed them first
   */
  boolean replaceSecrets(String tenant, SigningSecrets expected, SigningSecrets next);

  // Endpoints.

  void addEndpoint(WebhookEndpoint endpoint);

  /** The tenant's endpoints, oldest first. */
  List<WebhookEndpoint> endpoints(String tenant);

  /**
   * Removes the tenant's endpoint and stops its pending deliveries (their history stays).
   *
   * @return false when the tenant has no such endpoint
   */
  boolean removeEndpoint(String tenant, String endpointId);

  // Fan-out.

  /** Events not yet fanned out, oldest first, at most {@code limit}. */
  List<JobEvent> eventsToFanOut(int limit);

  /**
   * Whether a job's callback URL answered 410 Gone: no more deliveries are made to it for that job.
   */
  boolean callbackGone(String jobId);

  /**
   * In one transaction: inserts {@code deliveries} (an event and target that has one already is
   * left alone) and marks {@code events} fanned out.
   */
  void recordFanOut(List<JobEvent> events, List<NewDelivery> deliveries, Instant at);

  // Dispatch.

  /**
   * Claims up to {@code limit} deliveries due at {@code now}, earliest first, for {@code lease}:
   * each counts an attempt, and no other claim gets it until the lease ends or an outcome is
   * recorded.
   */
  List<ClaimedDelivery> claimDue(Instant now, Duration lease, int limit);

  /**
   * Records how the claimed attempt ended, if the claim is still the delivery's.
   *
   * @return false when the claim was lost (the lease ran out and another took it, or a redelivery
   *     was asked for): nothing was written
   */
  boolean record(ClaimedDelivery claimed, AttemptOutcome outcome);

  // Reading and redelivery.

  /** A job's deliveries, oldest first. */
  List<Delivery> deliveriesOfJob(String jobId);

  Optional<Delivery> delivery(String deliveryId);

  /**
   * Makes a delivery due at {@code now} again, whatever its state, with a new retry period ending
   * at {@code giveUpAt}; a claim held on it is void.
   *
   * @return false when there is no such delivery
   */
  boolean redeliver(String deliveryId, Instant now, Instant giveUpAt);
}
