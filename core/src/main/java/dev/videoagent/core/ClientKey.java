package dev.videoagent.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The secret a REST client presents ({@code Authorization: Bearer <key>}): 1 to {@value #MAX_CHARS}
 * visible ASCII characters. Anything else is malformed rather than unknown, and is refused before
 * it is hashed and looked up. {@link #toString()} never shows the key.
 *
 * @param value the key in clear text
 */
public record ClientKey(String value) {
  /** Longer keys are refused unread: no key this product makes or accepts is near this long. */
  public static final int MAX_CHARS = 512;

  /** The shortest key an operator may configure: shorter ones can be guessed. */
  public static final int MIN_CONFIGURED_CHARS = 16;

  /** The rule in words, for messages. */
  public static final String RULE = "at most " + MAX_CHARS + " visible ASCII characters";

  /**
   * @throws ValidationException (field {@code key}) when {@code value} is empty, too long or has
   *     spaces or control characters
   */
  public ClientKey {
    if (!isWellFormed(value)) {
      throw new ValidationException("key", "A client key must be " + RULE + ".");
    }
  }

  /** The key, or empty when {@code value} cannot be a key (absent, too long, not visible ASCII). */
  public static Optional<ClientKey> parse(String value) {
    return isWellFormed(value) ? Optional.of(new ClientKey(value)) : Optional.empty();
  }

  public static boolean isWellFormed(String value) {
    return value != null
        && !value.isEmpty()
        && value.length() <= MAX_CHARS
        && value.chars().allMatch(ClientKey::visibleAscii);
  }

  /** Whether an operator may configure this key: long enough not to be guessed. */
  public boolean longEnoughToConfigure() {
    return value.length() >= MIN_CONFIGURED_CHARS;
  }

  /**
   * The key's SHA-256 in lower-case hex, as stored. Keys are long random secrets, so one SHA-256 is
   * enough: a slow password hash protects guessable secrets, and these are not guessable.
   */
  public String hash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The printable, space-free ASCII range that keys, header values and ids share. */
  static boolean visibleAscii(int c) {
    return c >= 0x21 && c <= 0x7e;
  }

  @Override
  public String toString() {
    return "ClientKey[****]";
  }
}
