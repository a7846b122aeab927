package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our signatures, checked by the Standard Webhooks reference implementation. */
class WebhookSignatureTest {
  private static final String BODY = "{\"type\":\"video.stored\",\"data\":{\"id\":\"vid_1\"}}";

  @Test
  void theReferenceLibraryAcceptsOurSignatureAndRefusesATamperedBody() throws Exception {
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
    long now = Instant.now().getEpochSecond();
    String header = WebhookSignature.header(List.of(secret), "evt_vid_1_3_stored", now, BODY);
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of("evt_vid_1_3_stored"),
            "webhook-timestamp", List.of(Long.toString(now)),
            "webhook-signature", List.of(header));
    new Webhook(secret.key()).verify(BODY, headers);
    assertThat(new Webhook(secret.key()).sign("evt_vid_1_3_stored", now, BODY)).isEqualTo(header);
    assertThatThrownBy(() -> new Webhook(secret.key()).verify(BODY + " ", headers))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void duringTheOverlapBothSecretsSign() throws Exception {
    WebhookSecret old = WebhookSecret.generate(new SecureRandom());
    WebhookSecret next = WebhookSecret.generate(new SecureRandom());
    Instant rotated = Instant.now();
    SigningSecrets secrets = SigningSecrets.of(old).rotatedTo(next, rotated);
    long now = rotated.getEpochSecond();
    String header = WebhookSignature.header(secrets.signingAt(rotated), "evt_x", now, BODY);
    assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of("evt_x"),
            "webhook-timestamp", List.of(Long.toString(now)),
            "webhook-signature", List.of(header));
    new Webhook(old.key()).verify(BODY, headers);
    new Webhook(next.key()).verify(BODY, headers);
    assertThat(secrets.signingAt(rotated.plus(SigningSecrets.OVERLAP))).containsExactly(next);
  }

  @Test
  void aSecretIsWhsecAndEnoughBytes() {
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
    assertThat(secret.key()).startsWith("whsec_");
    assertThat(secret.keyBytes()).hasSize(32);
    assertThat(secret.toString()).doesNotContain(secret.key().substring(6));
    assertThatThrownBy(() -> new WebhookSecret("whsec_c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSecret("sk_abc"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
