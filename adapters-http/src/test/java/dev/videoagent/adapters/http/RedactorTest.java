package dev.videoagent.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String KEY = FeignVideoGatewaySubmitTest.KEY;
  private final Redactor redactor = new Redactor(KEY);

  @Test
  void replacesTheWholeKeyWhereverItIs() {
    assertThat(redactor.redact("key " + KEY + " and again " + KEY + "."))
        .isEqualTo("key [redacted] and again [redacted].");
    assertThat(redactor.redact(KEY)).isEqualTo("[redacted]");
    assertThat(redactor.redact("nothing secret here")).isEqualTo("nothing secret here");
  }

  @Test
  void aKeyAcrossTheCutIsRedactedBeforeTheCutSoNoPartOfItRemains() {
    String text = "x".repeat(490) + KEY + " and more after it";

    String cut = redactor.redactAndCut(text, 500);

    assertThat(cut).isEqualTo("x".repeat(490) + "[redacted]…");
    assertThat(cut).doesNotContain(KEY.substring(0, 4));
  }

  @Test
  void partsOfTheKeyThatOthersCutAreRedactedToo() {
    // A parser that quotes at most so many characters of a bad token leaves the key's first part.
    assertThat(redactor.redact("Unrecognized token 'abc" + KEY.substring(0, 12) + "': was"))
        .isEqualTo("Unrecognized token 'abc[redacted]': was");
    assertThat(redactor.redact("...ends with " + KEY.substring(KEY.length() - 9)))
        .isEqualTo("...ends with [redacted]");
    // Two parts side by side become one mark.
    assertThat(redactor.redact(KEY.substring(0, 10) + KEY.substring(20))).isEqualTo("[redacted]");
    // Runs shorter than eight characters say nothing about the key and are left alone.
    assertThat(redactor.redact("id " + KEY.substring(0, 7) + " ok"))
        .isEqualTo("id " + KEY.substring(0, 7) + " ok");
  }

  @Test
  void caseDoesNotHideTheKey() {
    assertThat(redactor.redact("KEY " + KEY.toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo("KEY [redacted]");
  }

  @Test
  void aShortKeyIsRedactedOnlyWhole() {
    Redactor shortKey = new Redactor("abc12");
    assertThat(shortKey.redact("abc1 abc12 abc123")).isEqualTo("abc1 [redacted] [redacted]3");
    assertThat(new Redactor("").redact("anything")).isEqualTo("anything");
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    String clapper = "\uD83C\uDFAC";
    assertThat(redactor.redactAndCut("ab" + clapper + "cd", 3)).isEqualTo("ab…");
    assertThat(redactor.redactAndCut("short", 500)).isEqualTo("short");
  }
}
