package dev.videoagent.core;

/**
 * The form of a SHA-256 as this product writes it: 64 lower-case hex digits. Checked by a loop
 * rather than a regular expression, as it runs for every job and key read from the database.
 */
final class Sha256Hex {
  static final int LENGTH = 64;

  private Sha256Hex() {}

  static boolean isWellFormed(String value) {
    if (value.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
