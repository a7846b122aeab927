package dev.videoagent.core;

import java.util.regex.Pattern;

/**
 * Whose jobs and keys these are: 1 to 64 letters, digits, dots, dashes or underscores, starting
 * with a letter or digit, so that a name is safe in a URL, a log line and a shell word.
 *
 * @param value the name as given
 */
public record TenantName(String value) {
  /** The rule in words, for messages that name the setting or field it was read from. */
  public static final String RULE =
      "1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit";

  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * @throws ValidationException (field {@code tenant}) when {@code value} breaks the rule
   */
  public TenantName {
    if (!isValid(value)) {
      throw new ValidationException("tenant", "tenant must be " + RULE + ".");
    }
  }

  public static TenantName of(String value) {
    return new TenantName(value);
  }

  public static boolean isValid(String value) {
    return value != null && FORM.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
