package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoRequestTest {

  @Test
  void defaultsAvatarAndVoiceToAutoAndTrimsThePrompt() {
    VideoRequest request = VideoRequest.of("  A product demo \n");
    assertThat(request.prompt()).isEqualTo("A product demo");
    assertThat(request.avatar()).isEqualTo("auto");
    assertThat(request.voice()).isEqualTo("auto");
    assertThat(request.orientation()).isNull();
    assertThat(request.metadata()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t"})
  void rejectsAnEmptyPromptNamingTheField(String prompt) {
    assertThatThrownBy(() -> VideoRequest.of(prompt))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.errors()).extracting(FieldError::field).containsExactly("prompt");
              assertThat(e.getMessage()).contains("prompt");
            });
  }

  @Test
  void rejectsAMissingPrompt() {
    assertThatThrownBy(() -> VideoRequest.of(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  void acceptsExactlyTenThousandCharactersAndRejectsOneMore() {
    assertThat(VideoRequest.of("x".repeat(10_000)).prompt()).hasSize(10_000);
    assertThatThrownBy(() -> VideoRequest.of("x".repeat(10_001)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("prompt must be at most 10000 characters");
  }

  @Test
  void countsCharactersNotUtf16Units() {
    String emoji = "\uD83C\uDFAC"; // one clapper board, two UTF-16 units
    assertThat(VideoRequest.of(emoji.repeat(10_000)).prompt()).isNotEmpty();
  }

  @Test
  void parsesOrientationAndReportsEveryBadFieldAtOnce() {
    assertThat(VideoRequest.parse("p", null, null, "portrait", null, null).orientation())
        .isEqualTo(Orientation.PORTRAIT);
    assertThatThrownBy(
            () -> VideoRequest.parse("", " ", "bad voice!", "sideways", null, "ftp://x/y"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder(
                        "prompt", "avatar", "voice", "orientation", "callback_url"));
  }

  @Test
  void limitsMetadata() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      many.put("k" + i, "v");
    }
    assertThatThrownBy(() -> new VideoRequest("p", null, null, null, many, null))
        .hasMessageContaining("metadata may hold at most 50 entries");
    assertThatThrownBy(
            () -> new VideoRequest("p", null, null, null, Map.of("k".repeat(41), "v"), null))
        .hasMessageContaining("metadata keys");
    assertThatThrownBy(
            () -> new VideoRequest("p", null, null, null, Map.of("k", "v".repeat(501)), null))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors().get(0).field()).isEqualTo("metadata.k"));
  }

  @Test
  void metadataIsCopiedAndSorted() {
    Map<String, String> given = new HashMap<>(Map.of("b", "2", "a", "1"));
    VideoRequest request = new VideoRequest("p", null, null, null, given, null);
    given.put("c", "3");
    assertThat(request.metadata()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @Test
  void equalRequestsAreEqual() {
    assertThat(VideoRequest.parse("p ", "auto", null, null, Map.of(), null))
        .isEqualTo(VideoRequest.of("p"));
  }
}
