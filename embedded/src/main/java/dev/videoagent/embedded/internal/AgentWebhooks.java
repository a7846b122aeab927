package dev.videoagent.embedded.internal;

import dev.videoagent.core.Delivery;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.ManageWebhooks;
import dev.videoagent.core.usecase.TenantSecrets;
import dev.videoagent.embedded.VideoEventType;
import dev.videoagent.embedded.WebhookDelivery;
import dev.videoagent.embedded.WebhookEndpoint;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The library's webhooks, on the assembly's use cases, for one tenant. Untranslated errors. */
public final class AgentWebhooks {
  private final String tenant;
  private final Access access;
  private final TenantSecrets secrets;
  private final ManageWebhooks webhooks;

  AgentWebhooks(String tenant, TenantSecrets secrets, ManageWebhooks webhooks) {
    this.tenant = tenant;
    this.access = Access.tenant(tenant);
    this.secrets = secrets;
    this.webhooks = webhooks;
  }

  public String signingSecret() {
    return secrets.of(tenant).current().key();
  }

  public String rotateSigningSecret() {
    return secrets.rotate(tenant).current().key();
  }

  public WebhookEndpoint addEndpoint(String url, Set<VideoEventType> events) {
    List<String> names = events.stream().map(VideoEventType::wireName).toList();
    return endpoint(webhooks.register(tenant, url, names));
  }

  public List<WebhookEndpoint> endpoints() {
    return webhooks.list(tenant).stream().map(AgentWebhooks::endpoint).toList();
  }

  public boolean removeEndpoint(String id) {
    return webhooks.remove(tenant, id);
  }

  /** Empty when the tenant has no such job. */
  public Optional<List<WebhookDelivery>> deliveries(String videoId) {
    return webhooks
        .deliveriesOf(access, videoId)
        .map(list -> list.stream().map(AgentWebhooks::delivery).toList());
  }

  public boolean redeliver(String deliveryId) {
    return webhooks.redeliver(access, deliveryId).isPresent();
  }

  private static WebhookEndpoint endpoint(dev.videoagent.core.WebhookEndpoint e) {
    Set<VideoEventType> types =
        e.events().isEmpty()
            ? Set.of()
            : e.events().stream()
                .map(AgentWebhooks::type)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(VideoEventType.class)));
    return new WebhookEndpoint(e.id(), e.url(), types, e.enabled(), e.createdAt());
  }

  private static WebhookDelivery delivery(Delivery d) {
    return new WebhookDelivery(
        d.id(),
        d.eventId(),
        type(d.type()),
        d.url(),
        d.endpointId(),
        WebhookDelivery.State.valueOf(d.state().name()),
        d.attempts(),
        d.lastStatus(),
        d.lastError(),
        d.deliveredAt(),
        d.nextAttemptAt());
  }

  private static VideoEventType type(JobEventType type) {
    return VideoEventType.valueOf(type.name());
  }
}
