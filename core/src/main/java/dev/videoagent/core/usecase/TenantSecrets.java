package dev.videoagent.core.usecase;

import dev.videoagent.core.SigningSecrets;
import dev.videoagent.core.WebhookSecret;
import dev.videoagent.core.port.WebhookRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** A tenant's webhook signing secrets: made on first use, rotated on request. */
public final class TenantSecrets {
  private final WebhookRepository webhooks;
  private final Clock clock;
  private final RandomGenerator secure;

  /**
   * @param secure a cryptographic generator (a {@link java.security.SecureRandom})
   */
  public TenantSecrets(WebhookRepository webhooks, Clock clock, RandomGenerator secure) {
    this.webhooks = webhooks;
    this.clock = clock;
    this.secure = secure;
  }

  /** The tenant's secrets, made now if it has none. */
  public SigningSecrets of(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return webhooks
        .secrets(tenant)
        .orElseGet(
            () ->
                webhooks.secretsIfAbsent(
                    tenant, SigningSecrets.of(WebhookSecret.generate(secure)), clock.instant()));
  }

  /** A new secret for the tenant; the one it replaces keeps signing for a day. */
  public SigningSecrets rotate(String tenant) {
    while (true) {
      SigningSecrets before = of(tenant);
      SigningSecrets after = before.rotatedTo(WebhookSecret.generate(secure), clock.instant());
      if (webhooks.replaceSecrets(tenant, before, after)) {
        return after;
      }
      // Two rotations at once: the other won; rotate from what it stored.
    }
  }
}
