package dev.videoagent.core.usecase;

import dev.videoagent.core.JobEvent;
import dev.videoagent.core.VideoJob;
import dev.videoagent.core.WebhookEndpoint;
import dev.videoagent.core.port.IdGenerator;
import dev.videoagent.core.port.JobRepository;
import dev.videoagent.core.port.NewDelivery;
import dev.videoagent.core.port.WebhookRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns change events into deliveries, oldest first: one for every enabled endpoint of the tenant
 * that takes the event's type, and one for the job's {@code callback_url}. The deliveries and the
 * event's mark are written in one transaction, and a delivery that exists already is left alone, so
 * two processes fanning out the same event at once make each delivery once.
 */
public final class FanOutEvents {
  private final WebhookRepository webhooks;
  private final JobRepository jobs;
  private final IdGenerator ids;
  private final Clock clock;
  private final DeliveryPolicy policy;

  public FanOutEvents(
      WebhookRepository webhooks,
      JobRepository jobs,
      IdGenerator ids,
      Clock clock,
      DeliveryPolicy policy) {
    this.webhooks = webhooks;
    this.jobs = jobs;
    this.ids = ids;
    this.clock = clock;
    this.policy = policy;
  }

  /**
   * Fans out one batch of events.
   *
   * @return how many events were fanned out; the batch size means more may be waiting
   */
  public int runOnce() {
    List<JobEvent> events = webhooks.eventsToFanOut(policy.batch());
    if (events.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    Map<String, List<WebhookEndpoint>> endpoints = new HashMap<>();
    Map<String, Optional<URI>> callbacks = new HashMap<>();
    List<NewDelivery> deliveries = new ArrayList<>();
    for (JobEvent event : events) {
      for (WebhookEndpoint endpoint :
          endpoints.computeIfAbsent(event.tenant(), webhooks::endpoints)) {
        if (endpoint.receives(event.type())) {
          deliveries.add(delivery(event, endpoint.id(), endpoint.url(), now));
        }
      }
      callbacks
          .computeIfAbsent(event.jobId(), this::liveCallback)
          .ifPresent(url -> deliveries.add(delivery(event, null, url, now)));
    }
    webhooks.recordFanOut(events, deliveries, now);
    return events.size();
  }

  private Optional<URI> liveCallback(String jobId) {
    return jobs.findById(jobId)
        .map(VideoJob::request)
        .flatMap(r -> r.callbackUrlIfSet())
        .filter(url -> !webhooks.callbackGone(jobId));
  }

  private NewDelivery delivery(JobEvent event, String endpointId, URI url, Instant now) {
    return new NewDelivery(
        "dlv_" + ids.newJobId(),
        event.eventId(),
        endpointId,
        url,
        now,
        now.plus(policy.retryFor()));
  }
}
