package dev.videoagent.core.usecase;

import dev.videoagent.core.Delivery;
import dev.videoagent.core.FieldError;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.VideoRequest;
import dev.videoagent.core.WebhookDestinations;
import dev.videoagent.core.WebhookEndpoint;
import dev.videoagent.core.port.IdGenerator;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.WebhookRepository;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant's webhook endpoints and its jobs' deliveries: register, list, remove, read, redeliver.
 * Another tenant's endpoint, job or delivery is not found, never forbidden.
 */
public final class ManageWebhooks {
  /** Endpoints one tenant may register. */
  public static final int MAX_ENDPOINTS = 50;

  private final WebhookRepository webhooks;
  private final JobRepository jobs;
  private final IdGenerator ids;
  private final Clock clock;
  private final WebhookDestinations destinations;
  private final DeliveryPolicy policy;

  public ManageWebhooks(
      WebhookRepository webhooks,
      JobRepository jobs,
      IdGenerator ids,
      Clock clock,
      WebhookDestinations destinations,
      DeliveryPolicy policy) {
    this.webhooks = webhooks;
    this.jobs = jobs;
    this.ids = ids;
    this.clock = clock;
    this.destinations = destinations;
    this.policy = policy;
  }

  /**
   * Registers {@code url} for the tenant's events of {@code events} (null or empty: every type).
   *
   * @throws ValidationException naming {@code url} or {@code events}
   */
  public WebhookEndpoint register(String tenant, String url, List<String> events) {
    List<FieldError> errors = new ArrayList<>();
    URI parsed = parseUrl(url, errors);
    Set<JobEventType> types = EnumSet.noneOf(JobEventType.class);
    for (String name : events == null ? List.<String>of() : events) {
      Optional<JobEventType> type = JobEventType.fromWire(name);
      if (type.isPresent()) {
        types.add(type.get());
      } else {
        errors.add(
            new FieldError(
                "events",
                "\""
                    + name
                    + "\" is not an event type; the types are "
                    + Arrays.stream(JobEventType.values())
                        .map(JobEventType::wireName)
                        .collect(Collectors.joining(", "))
                    + "."));
      }
    }
    if (errors.isEmpty() && webhooks.endpoints(tenant).size() >= MAX_ENDPOINTS) {
      errors.add(
          new FieldError(
              "url", "A tenant may register at most " + MAX_ENDPOINTS + " webhook endpoints."));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    WebhookEndpoint endpoint =
        new WebhookEndpoint("wh_" + ids.newJobId(), tenant, parsed, types, true, clock.instant());
    webhooks.addEndpoint(endpoint);
    return endpoint;
  }

  private URI parseUrl(String url, List<FieldError> errors) {
    if (url == null || url.isBlank()) {
      errors.add(new FieldError("url", "url is required: the address that receives the events."));
      return null;
    }
    if (url.codePointCount(0, url.length()) > VideoRequest.MAX_URL_CHARS) {
      errors.add(
          new FieldError(
              "url", "url must be at most " + VideoRequest.MAX_URL_CHARS + " characters."));
      return null;
    }
    URI parsed;
    try {
      parsed = new URI(url);
    } catch (URISyntaxException e) {
      errors.add(new FieldError("url", "url is not a valid URL."));
      return null;
    }
    destinations
        .refusal(parsed)
        .ifPresent(why -> errors.add(new FieldError("url", "url " + why + ".")));
    return parsed;
  }

  public List<WebhookEndpoint> list(String tenant) {
    return webhooks.endpoints(tenant);
  }

  /** Removes an endpoint and stops its pending deliveries; false when the tenant has none so. */
  public boolean remove(String tenant, String endpointId) {
    return webhooks.removeEndpoint(tenant, endpointId);
  }

  /** The job's deliveries, oldest first; empty when {@code access} may not see the job. */
  public Optional<List<Delivery>> deliveriesOf(Access access, String jobId) {
    Optional<VideoJob> job = jobs.findById(jobId).filter(access::permits);
    return job.map(j -> webhooks.deliveriesOfJob(j.id()));
  }

  /**
   * Sends a delivery again, with the same {@code webhook-id}, at once and then with retries for a
   * new retry period; empty when {@code access} may not see it.
   */
  public Optional<Delivery> redeliver(Access access, String deliveryId) {
    Optional<Delivery> delivery =
        webhooks
            .delivery(deliveryId)
            .filter(d -> access.tenantFilter().map(d.tenant()::equals).orElse(true));
    if (delivery.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!webhooks.redeliver(deliveryId, now, now.plus(policy.retryFor()))) {
      return Optional.empty();
    }
    return webhooks.delivery(deliveryId);
  }
}
