package dev.videoagent.embedded;

import java.util.List;
import java.util.Set;

/**
 * This agent's tenant's outbound webhooks: the signing secret, the registered endpoints, and each
 * job's deliveries. A running agent ({@link VideoAgent#start()}) sends them, as the REST service
 * does: every event of the tenant's jobs goes, signed per the Standard Webhooks spec, to every
 * enabled endpoint that takes its type, and to the job's callback URL; each is retried with
 * back-off for about three days until it is answered with a 2xx. Several agents and services on one
 * database share the work without sending one delivery twice at once.
 *
 * <p>Thread-safe. Obtained from {@link VideoAgent#webhooks()}; valid while the agent is open.
 */
public interface Webhooks {

  /**
   * The signing secret receivers verify with, made on first use.
   *
   * @return {@code whsec_} and the base64 of the key
   * @throws VideoAgentException when the database does not answer
   */
  String signingSecret();

  /**
   * Replaces the signing secret. The old one keeps signing too for 24 hours, so receivers can move
   * to the new one without rejecting a delivery.
   *
   * @return the new secret
   * @throws VideoAgentException when the database does not answer
   */
  String rotateSigningSecret();

  /**
   * Registers an endpoint.
   *
   * @param url an http(s) URL; loopback, link-local and private addresses are refused unless {@link
   *     VideoAgent.Builder#allowPrivateCallbacks(boolean)} allows them
   * @param events the event types it receives; empty for every type, also types added later
   * @return the endpoint
   * @throws InvalidVideoRequestException naming {@code url} when the URL is refused
   * @throws VideoAgentException when the database does not answer
   */
  WebhookEndpoint addEndpoint(String url, Set<VideoEventType> events);

  /**
   * The registered endpoints, oldest first.
   *
   * @return the endpoints
   * @throws VideoAgentException when the database does not answer
   */
  List<WebhookEndpoint> endpoints();

  /**
   * Removes an endpoint; its pending deliveries stop.
   *
   * @param endpointId the endpoint's id
   * @return false when there is no such endpoint
   * @throws VideoAgentException when the database does not answer
   */
  boolean removeEndpoint(String endpointId);

  /**
   * A job's deliveries, oldest first.
   *
   * @param videoId the job's id
   * @return the deliveries (none yet for a job that has had no event)
   * @throws VideoNotFoundException when this tenant has no such job
   * @throws VideoAgentException when the database does not answer
   */
  List<WebhookDelivery> deliveries(String videoId);

  /**
   * Sends a delivery again, at once and with the same {@code webhook-id}, then retried as a new
   * one.
   *
   * @param deliveryId the delivery's id
   * @return false when this tenant has no such delivery
   * @throws VideoAgentException when the database does not answer
   */
  boolean redeliver(String deliveryId);
}
