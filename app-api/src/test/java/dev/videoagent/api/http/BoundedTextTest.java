package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videoagent.core.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedTextTest {

  @Test
  void shortTextIsKeptAsItIs() {
    assertThat(BoundedText.cut("prompt is required.", 100)).isEqualTo("prompt is required.");
    assertThat(BoundedText.cut(null, 10)).isNull();
  }

  @Test
  void longTextIsCutWithAnEllipsisAndNeverInsideASurrogatePair() {
    assertThat(BoundedText.cut("abcdefghij", 5)).isEqualTo("abcd…");
    String clapper = "\uD83C\uDFAC";
    assertThat(BoundedText.cut("abc" + clapper + "def", 5)).isEqualTo("abc…");
    assertThat(BoundedText.cut("ab" + clapper + "def", 5)).isEqualTo("ab" + clapper + "…");
  }

  @Test
  void unpairedSurrogatesAndControlCharactersBecomeReplacementCharacters() {
    assertThat(BoundedText.cut("a\uD800b\uDC00c\u0000d\ne", 100))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
  }

  @Test
  void aProblemListsTwentyErrorsAndSaysHowManyMoreThereWere() {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      errors.add(new FieldError("f" + i, "f" + i + " is wrong."));
    }
    Problem problem = Problem.invalid(errors, 100);
    assertThat(problem.errors()).hasSize(Problem.MAX_ERRORS);
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.detail())
        .startsWith("f0 is wrong. f1 is wrong.")
        .endsWith(
            "There are 105 more problems (125 in all; the first 20 are listed in errors): fix"
                + " these and send the request again.");
    assertThat(Problem.invalid(errors.subList(0, 2)).detail())
        .isEqualTo("f0 is wrong. f1 is wrong.");
  }

  @Test
  void everyProblemIsBoundedHoweverItIsMade() {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      errors.add(new FieldError("x".repeat(1_000), "y".repeat(1_000)));
    }
    Problem problem = new Problem("about:blank", "t".repeat(500), 400, "d".repeat(10_000), errors);
    assertThat(problem.errors()).hasSize(Problem.MAX_ERRORS);
    assertThat(problem.errors().get(0).field()).hasSize(Problem.MAX_FIELD_CHARS);
    assertThat(problem.errors().get(0).message()).hasSize(Problem.MAX_MESSAGE_CHARS);
    assertThat(problem.detail()).hasSize(Problem.MAX_DETAIL_CHARS);
    assertThat(problem.title().length()).isLessThanOrEqualTo(100);
  }
}
