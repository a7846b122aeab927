package dev.videoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u00A0",
        "\u2007\u2007",
        "\u202F",
        "\uFEFF",
        "\u180E",
        "\u200B\u200C\u200D",
        "\u00A0 \u2007\t\u202F\uFEFF\u180E\u200B\u2028\u2029\u3000\u0085",
        "\u202E\u2066\u2069",
        "\u001B\u0007\r\u009B"
      })
  void rejectsAPromptOfOnlyInvisibleCharactersLikeAnEmptyOne(String prompt) {
    assertThatThrownBy(() -> VideoRequest.of(prompt))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError("prompt", "prompt is required and must not be empty.")));
  }

  @Test
  void keepsAPromptWithVisibleTextAmongInvisibleCharacters() {
    assertThat(VideoRequest.of("\u00A0Hello\u200B").prompt()).isEqualTo("\u00A0Hello\u200B");
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
  void countsEveryLimitInCodePoints() {
    String clapper = "\uD83C\uDFAC";
    assertThat(new VideoRequest("p", null, null, null, Map.of(clapper.repeat(40), "v"), null))
        .isNotNull();
    assertThat(new VideoRequest("p", null, null, null, Map.of("k", clapper.repeat(500)), null))
        .isNotNull();
    assertThatThrownBy(
            () -> new VideoRequest("p", null, null, null, Map.of(clapper.repeat(41), "v"), null))
        .hasMessageContaining("metadata keys must be 1 to 40 characters (Unicode code points)");
    assertThatThrownBy(
            () -> new VideoRequest("p", null, null, null, Map.of("k", clapper.repeat(501)), null))
        .hasMessage("metadata.k must be at most 500 characters (Unicode code points).");
    assertThatThrownBy(() -> VideoRequest.of(clapper.repeat(10_001)))
        .hasMessage("prompt must be at most 10000 characters (Unicode code points; it has 10001).");
    // Ids are ASCII, but an emoji id is still measured (and named) in characters.
    assertThatThrownBy(() -> VideoRequest.parse("p", clapper.repeat(100), null, null, null, null))
        .hasMessage("avatar may contain only letters, digits and the characters - _ . :");
    String url = "https://example.com/" + "\u00E9".repeat(2000);
    assertThat(VideoRequest.parse("p", null, null, null, null, url).callbackUrl()).isNotNull();
    assertThatThrownBy(
            () ->
                VideoRequest.parse(
                    "p", null, null, null, null, "https://example.com/" + clapper.repeat(2100)))
        .hasMessage("callback_url must be at most 2048 characters (Unicode code points).");
  }

  @Test
  void refusesNulInEveryTextFieldNamingTheField() {
    assertThat(fieldsOf(() -> VideoRequest.of("nul \u0000 inside"))).containsExactly("prompt");
    assertThat(
            fieldsOf(() -> new VideoRequest("p", null, null, null, Map.of("k\u0000ey", "v"), null)))
        .containsExactly("metadata");
    assertThat(
            fieldsOf(
                () -> new VideoRequest("p", null, null, null, Map.of("key", "va\u0000lue"), null)))
        .containsExactly("metadata.key");
    assertThat(fieldsOf(() -> VideoRequest.parse("p", "av\u0000", "v\u0000", null, null, null)))
        .containsExactly("avatar", "voice");
    assertThat(
            fieldsOf(
                () -> VideoRequest.parse("p", null, null, null, null, "https://x.example/\u0000")))
        .containsExactly("callback_url");
    assertThatThrownBy(
            () -> new VideoRequest("p", null, null, null, Map.of("key", "va\u0000lue"), null))
        .hasMessage("metadata.key must not contain NUL characters (U+0000).");
    assertThatThrownBy(
            () -> new VideoRequest("p", null, null, null, Map.of("k\u0000ey", "v"), null))
        .hasMessage("metadata keys must not contain NUL characters (U+0000).");
  }

  @Test
  void refusesUnpairedSurrogatesAnywhereNamingTheField() {
    String high = "\uD83C";
    String low = "\uDFAC";
    assertThat(fieldsOf(() -> VideoRequest.of("lone " + high + " half"))).containsExactly("prompt");
    assertThat(fieldsOf(() -> VideoRequest.of(low + "starts wrong"))).containsExactly("prompt");
    assertThat(fieldsOf(() -> VideoRequest.of("ends wrong" + high))).containsExactly("prompt");
    assertThat(
            fieldsOf(() -> new VideoRequest("p", null, null, null, Map.of("k" + low, "v"), null)))
        .containsExactly("metadata");
    assertThat(
            fieldsOf(() -> new VideoRequest("p", null, null, null, Map.of("k", "v" + high), null)))
        .containsExactly("metadata.k");
    assertThat(fieldsOf(() -> VideoRequest.parse("p", high, low, null, null, null)))
        .containsExactly("avatar", "voice");
    assertThat(
            fieldsOf(
                () ->
                    new VideoRequest("p", null, null, null, null, URI.create("https://x/" + high))))
        .containsExactly("callback_url");
    assertThatThrownBy(() -> VideoRequest.of("lone " + high + " half"))
        .hasMessage(
            "prompt must be valid Unicode text, without unpaired UTF-16 surrogates (found"
                + " U+D83C).");
    // A pair in the right order is one character, and fine.
    assertThat(VideoRequest.of(high + low).prompt()).isEqualTo(high + low);
  }

  private static List<String> fieldsOf(ThrowingCallable request) {
    Throwable thrown = catchThrowable(request);
    assertThat(thrown).isInstanceOf(ValidationException.class);
    return ((ValidationException) thrown).errors().stream().map(FieldError::field).toList();
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
