package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rules that every edge (REST, CLI, library, configuration) checks through these types. */
class ValueTypesTest {

  @Test
  void aTenantNameIsOneToSixtyFourSafeCharactersStartingWithALetterOrDigit() {
    assertThat(TenantName.of("acme").value()).isEqualTo("acme");
    assertThat(TenantName.isValid("a")).isTrue();
    assertThat(TenantName.isValid("Acme_2.eu-west")).isTrue();
    assertThat(TenantName.isValid("a".repeat(64))).isTrue();
    assertThat(TenantName.isValid("a".repeat(65))).isFalse();
    assertThat(TenantName.isValid("")).isFalse();
    assertThat(TenantName.isValid(null)).isFalse();
    assertThat(TenantName.isValid("-acme")).isFalse();
    assertThat(TenantName.isValid("two words")).isFalse();
    assertThat(TenantName.isValid("acme/evil")).isFalse();
    assertThatThrownBy(() -> TenantName.of("no spaces please"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("tenant must be " + TenantName.RULE + ".")
        .satisfies(
            e -> assertThat(((ValidationException) e).errors().get(0).field()).isEqualTo("tenant"));
  }

  @Test
  void aClientKeyIsVisibleAsciiUpToItsLimitAndNeverShown() {
    String longest = "k".repeat(ClientKey.MAX_CHARS);
    assertThat(ClientKey.parse(longest)).isPresent();
    assertThat(ClientKey.parse(longest + "k")).isEmpty();
    assertThat(ClientKey.parse("")).isEmpty();
    assertThat(ClientKey.parse(null)).isEmpty();
    assertThat(ClientKey.parse("with space")).isEmpty();
    assertThat(ClientKey.parse("tab\tinside")).isEmpty();
    assertThat(ClientKey.parse("caf\u00e9-key")).isEmpty();
    assertThatThrownBy(() -> new ClientKey("with space"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(ClientKey.RULE);

    ClientKey key = new ClientKey("secret-key-0123456789");
    assertThat(key.toString()).doesNotContain("secret");
    assertThat(key.hash()).matches("[0-9a-f]{64}").isEqualTo(new ClientKey(key.value()).hash());
    assertThat(key.longEnoughToConfigure()).isTrue();
    assertThat(new ClientKey("short-key").longEnoughToConfigure()).isFalse();
  }

  @Test
  void anIdempotencyKeyIsNamedAsItsCallerKnowsIt() {
    assertThat(IdempotencyKey.ofNullable(null, "--idempotency-key")).isNull();
    assertThat(IdempotencyKey.ofNullable("k".repeat(255), "x").value()).hasSize(255);
    assertThat(IdempotencyKey.isValid("k".repeat(256))).isFalse();
    assertThat(IdempotencyKey.isValid("")).isFalse();
    assertThat(IdempotencyKey.isValid("has space")).isFalse();
    assertThatThrownBy(() -> IdempotencyKey.ofNullable("has space", "--idempotency-key"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("--idempotency-key must be " + IdempotencyKey.RULE + ".")
        .satisfies(
            e ->
                assertThat(((ValidationException) e).errors().get(0).field())
                    .isEqualTo("--idempotency-key"));
    assertThatThrownBy(() -> new IdempotencyKey(""))
        .hasMessageStartingWith(IdempotencyKey.HEADER + " must be");
  }
}
