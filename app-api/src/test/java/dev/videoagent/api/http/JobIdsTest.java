package dev.videoagent.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JobIdsTest {
  /** The rule as the API documents it, written as a regular expression. */
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  @Test
  void anIdIsOneToAHundredAndTwentyEightLettersDigitsDashesAndUnderscores() {
    assertThat(JobIds.isWellFormed("vid_01M8CNCHG1G9CJGG4RP6TJHP7D")).isTrue();
    assertThat(JobIds.isWellFormed("a")).isTrue();
    assertThat(JobIds.isWellFormed("-_-")).isTrue();
    assertThat(JobIds.isWellFormed("x".repeat(128))).isTrue();

    assertThat(JobIds.isWellFormed(null)).isFalse();
    assertThat(JobIds.isWellFormed("")).isFalse();
    assertThat(JobIds.isWellFormed("x".repeat(129))).isFalse();
    assertThat(JobIds.isWellFormed("vid_1 ")).isFalse();
    assertThat(JobIds.isWellFormed("vid_1\u0000")).isFalse();
    assertThat(JobIds.isWellFormed("vid_1/2")).isFalse();
    assertThat(JobIds.isWellFormed("vid_é")).isFalse();
    assertThat(JobIds.isWellFormed("vid_\uD800")).isFalse();
    assertThat(JobIds.isWellFormed("ｖid")).isFalse();
  }

  @Test
  void theCheckAgreesWithTheDocumentedRuleOnTenThousandRandomStrings() {
    // Characters near every edge of the ranges, so that an off-by-one in any of them shows.
    char[] alphabet = "@AZ[`az{/09:_-^.~ \u0000\u00e9\uD800\uff21".toCharArray();
    SplittableRandom random = new SplittableRandom(14);
    for (int n = 0; n < 10_000; n++) {
      int length = random.nextInt(0, 135);
      StringBuilder id = new StringBuilder(length);
      // Mostly valid characters, so that long well-formed ids come up too.
      for (int i = 0; i < length; i++) {
        id.append(
            random.nextInt(20) == 0
                ? alphabet[random.nextInt(alphabet.length)]
                : "Aa0_-Zz9".charAt(random.nextInt(8)));
      }
      String candidate = id.toString();
      assertThat(JobIds.isWellFormed(candidate))
          .as("%s", candidate)
          .isEqualTo(RULE.matcher(candidate).matches());
    }
  }
}
