package dev.videoagent.core;

/**
 * A caller's key that makes a create safe to repeat: the same key and request give the same job. 1
 * to {@value #MAX_CHARS} visible ASCII characters without spaces.
 *
 * @param value the key as given
 */
public record IdempotencyKey(String value) {
  public static final int MAX_CHARS = 255;

  /** The rule in words, for messages that name the header, flag or field it came from. */
  public static final String RULE =
      "1 to " + MAX_CHARS + " visible ASCII characters without spaces";

  /** The REST API's name for it, used when no other name is given. */
  public static final String HEADER = "Idempotency-Key";

  /**
   * @throws ValidationException (field {@value #HEADER}) when {@code value} breaks the rule
   */
  public IdempotencyKey {
    check(value, HEADER);
  }

  /**
   * The key, checked under the name its caller knows it by ({@code Idempotency-Key}, {@code
   * --idempotency-key}, {@code idempotencyKey}); {@code null} stays {@code null} (no key).
   *
   * @throws ValidationException naming {@code field} when {@code value} breaks the rule
   */
  public static IdempotencyKey ofNullable(String value, String field) {
    if (value == null) {
      return null;
    }
    check(value, field);
    return new IdempotencyKey(value);
  }

  public static boolean isValid(String value) {
    return value != null
        && !value.isEmpty()
        && value.length() <= MAX_CHARS
        && value.chars().allMatch(ClientKey::visibleAscii);
  }

  private static void check(String value, String field) {
    if (!isValid(value)) {
      throw new ValidationException(field, field + " must be " + RULE + ".");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
