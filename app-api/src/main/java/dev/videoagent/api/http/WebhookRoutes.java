package dev.videoagent.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.core.Delivery;
import dev.videoagent.core.FieldError;
import dev.videoagent.core.JobEventType;
import dev.videoagent.core.WebhookEndpoint;
import dev.videoagent.core.usecase.Access;
import dev.videoagent.core.usecase.ManageWebhooks;
import dev.videoagent.core.usecase.TenantSecrets;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Outbound webhooks: the tenant's signing secret, its endpoints, and its jobs' deliveries. Another
 * tenant's endpoint, job or delivery is a 404.
 */
public final class WebhookRoutes {
  private static final Set<String> FIELDS = Set.of("url", "events");

  private final TenantSecrets secrets;
  private final ManageWebhooks webhooks;
  private final RequestBodies bodies;

  public WebhookRoutes(TenantSecrets secrets, ManageWebhooks webhooks, RequestBodies bodies) {
    this.secrets = secrets;
    this.webhooks = webhooks;
    this.bodies = bodies;
  }

  /** {@code GET /v1/webhooks/secret}: made on first use. */
  public void secret(Context ctx, Access access) {
    ctx.json(new SecretView(secrets.of(tenant(access)).current().key()));
  }

  /** {@code POST /v1/webhooks/secret/rotate}: the old secret keeps signing for 24 h. */
  public void rotate(Context ctx, Access access) {
    bodies.discard(ctx, RequestBodies.MAX_BYTES);
    ctx.json(new SecretView(secrets.rotate(tenant(access)).current().key()));
  }

  /** {@code POST /v1/webhooks}: {@code {url, events?}}. */
  public void create(Context ctx, Access access) {
    RequestBodies.requireJson(ctx);
    Body body = bodies.read(ctx, RequestBodies.MAX_BYTES, WebhookRoutes::parse);
    WebhookEndpoint endpoint = webhooks.register(tenant(access), body.url, body.events);
    ctx.status(201)
        .header("Location", "/v1/webhooks/" + endpoint.id())
        .json(EndpointView.of(endpoint));
  }

  /** {@code GET /v1/webhooks}: oldest first. */
  public void list(Context ctx, Access access) {
    ctx.json(new ListView<>(webhooks.list(tenant(access)).stream().map(EndpointView::of).toList()));
  }

  /** {@code DELETE /v1/webhooks/{id}}: its pending deliveries stop. */
  public void delete(Context ctx, Access access) {
    String id = pathId(ctx, "webhook endpoint", "wh_");
    if (!webhooks.remove(tenant(access), id)) {
      throw ApiProblem.of(ProblemType.NOT_FOUND, "There is no webhook endpoint " + id + ".");
    }
    ctx.status(204);
  }

  /** {@code GET /v1/videos/{id}/deliveries}: oldest first. */
  public void deliveries(Context ctx, Access access) {
    String id = JobIds.fromPath(ctx);
    List<Delivery> deliveries =
        webhooks.deliveriesOf(access, id).orElseThrow(() -> VideoRoutes.notFound(id));
    ctx.json(new ListView<>(deliveries.stream().map(DeliveryView::of).toList()));
  }

  /** {@code POST /v1/deliveries/{id}/redeliver}: due at once, same {@code webhook-id}. */
  public void redeliver(Context ctx, Access access) {
    String id = pathId(ctx, "delivery", "dlv_");
    bodies.discard(ctx, RequestBodies.MAX_BYTES);
    Delivery delivery =
        webhooks
            .redeliver(access, id)
            .orElseThrow(
                () -> ApiProblem.of(ProblemType.NOT_FOUND, "There is no delivery " + id + "."));
    ctx.status(202).json(DeliveryView.of(delivery));
  }

  private static String pathId(Context ctx, String what, String prefix) {
    String id = ctx.pathParam("id");
    if (!id.startsWith(prefix) || !JobIds.isWellFormed(id)) {
      throw new ApiProblem(
          Problem.invalid(
              "id", "id is not a " + what + " id: such ids start with " + prefix + "."));
    }
    return id;
  }

  private static String tenant(Access access) {
    return access
        .tenantFilter()
        .orElseThrow(() -> new IllegalStateException("API callers always belong to a tenant"));
  }

  /** The body of {@code POST /v1/webhooks}, every problem reported at once. */
  private record Body(String url, List<String> events) {}

  static Body parse(byte[] body) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiProblem(Problem.invalid("body", CreateVideoBody.describe(e)));
    } catch (IOException e) {
      throw new ApiProblem(Problem.invalid("body", "The request body could not be read as JSON."));
    }
    if (root == null || !root.isObject()) {
      throw new ApiProblem(
          Problem.invalid(
              "body",
              "The request body must be a JSON object such as {\"url\":"
                  + " \"https://example.com/hooks\"}."));
    }
    List<FieldError> errors = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                errors.add(
                    new FieldError(
                        BoundedText.cut(name, Problem.MAX_FIELD_CHARS),
                        "\""
                            + BoundedText.cut(name, Problem.MAX_FIELD_CHARS)
                            + "\" is not a known field; the fields are url, events."));
              }
            });
    JsonNode url = root.get("url");
    String urlText = null;
    if (url == null || url.isNull()) {
      errors.add(new FieldError("url", "url is required: the address that receives the events."));
    } else if (!url.isTextual() || !CreateVideoBody.wellFormed(url.textValue())) {
      errors.add(new FieldError("url", "url must be a string holding an http(s) URL."));
    } else {
      urlText = url.textValue();
    }
    List<String> events = null;
    JsonNode list = root.get("events");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        errors.add(
            new FieldError(
                "events", "events must be an array of event types, such as [\"video.stored\"]."));
      } else {
        events = new ArrayList<>();
        for (JsonNode item : list) {
          if (item.isTextual()) {
            events.add(item.textValue());
          } else {
            errors.add(new FieldError("events", "events must hold event type names (strings)."));
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiProblem(Problem.invalid(errors));
    }
    return new Body(urlText, events);
  }

  /** {@code {"key": "whsec_…"}}. */
  public record SecretView(String key) {}

  /** {@code {"data": [...]}}. */
  public record ListView<T>(List<T> data) {
    public ListView {
      data = List.copyOf(data);
    }
  }

  /** A registered endpoint. */
  public record EndpointView(
      String id,
      URI url,
      List<String> events,
      boolean enabled,
      @JsonProperty("created_at") Instant createdAt) {
    static EndpointView of(WebhookEndpoint endpoint) {
      return new EndpointView(
          endpoint.id(),
          endpoint.url(),
          endpoint.eventList().stream().map(JobEventType::wireName).toList(),
          endpoint.enabled(),
          endpoint.createdAt());
    }
  }

  /** One delivery of one event to one URL. */
  public record DeliveryView(
      String id,
      @JsonProperty("event_id") String eventId,
      String type,
      URI url,
      @JsonProperty("endpoint_id") String endpointId,
      String state,
      int attempts,
      @JsonProperty("last_status") Integer lastStatus,
      @JsonProperty("last_error") String lastError,
      @JsonProperty("delivered_at") Instant deliveredAt,
      @JsonProperty("next_attempt_at") Instant nextAttemptAt) {
    static DeliveryView of(Delivery d) {
      return new DeliveryView(
          d.id(),
          d.eventId(),
          d.type().wireName(),
          d.url(),
          d.endpointId(),
          d.state().wireName(),
          d.attempts(),
          d.lastStatus(),
          d.lastError(),
          d.deliveredAt(),
          d.nextAttemptAt());
    }
  }
}
