package dev.videoagent.adapters.http;

import java.util.Locale;

/**
 * Removes the subscription key from text that came from elsewhere (a gateway or proxy error body,
 * an exception message quoting an answer) before it reaches a message, a log line or a stored job
 * error.
 *
 * <p>Not only the whole key, in any case: every run of {@value #MIN_FRAGMENT} or more of its
 * characters in a row, because a key someone else has already cut (a JSON parser quotes at most so
 * many characters of a bad token; a proxy echoes the first part of a header) is still a usable part
 * of the key. And text is redacted before it is cut ({@link #redactAndCut}), never after: a key
 * straddling the cut would otherwise leave its first part behind, no longer matching anything.
 */
final class Redactor {
  static final String MARK = "[redacted]";

  /** Runs of the key shorter than this are left alone: they no longer identify it. */
  static final int MIN_FRAGMENT = 8;

  /** Lower-cased: a proxy that upper-cases what it echoes must not get the key past us. */
  private final String secret;

  Redactor(String secret) {
    this.secret = secret == null ? "" : secret.toLowerCase(Locale.ROOT);
  }

  /** {@code text} with every run of {@value #MIN_FRAGMENT} or more key characters replaced. */
  String redact(String text) {
    if (text == null || secret.isEmpty() || text.isEmpty()) {
      return text;
    }
    int shortest = Math.min(MIN_FRAGMENT, secret.length());
    int m = secret.length();
    // matches[i]: how many characters ending here equal the key's characters ending at i - 1 (the
    // longest-common-substring table, one row at a time).
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    StringBuilder out = null;
    int copiedUpTo = 0;
    int spanStart = -1;
    int spanEnd = -1;
    for (int j = 0; j < text.length(); j++) {
      char c = Character.toLowerCase(text.charAt(j));
      int longest = 0;
      for (int i = 1; i <= m; i++) {
        current[i] = c == secret.charAt(i - 1) ? previous[i - 1] + 1 : 0;
        longest = Math.max(longest, current[i]);
      }
      if (longest >= shortest) {
        int start = j - longest + 1;
        if (spanStart >= 0 && start <= spanEnd + 1) {
          spanEnd = j;
        } else {
          if (spanStart >= 0) {
            out = replace(out, text, copiedUpTo, spanStart);
            copiedUpTo = spanEnd + 1;
          }
          spanStart = start;
          spanEnd = j;
        }
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    if (spanStart >= 0) {
      out = replace(out, text, copiedUpTo, spanStart);
      copiedUpTo = spanEnd + 1;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copiedUpTo, text.length()).toString();
  }

  private static StringBuilder replace(StringBuilder out, String text, int from, int spanStart) {
    StringBuilder target = out == null ? new StringBuilder(text.length()) : out;
    return target.append(text, from, spanStart).append(MARK);
  }

  /**
   * Redacted, then cut to at most {@code maxChars} characters (an ellipsis marks the cut; a
   * surrogate pair is never split).
   */
  String redactAndCut(String text, int maxChars) {
    String redacted = redact(text);
    if (redacted == null || redacted.length() <= maxChars) {
      return redacted;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(redacted.charAt(end - 1))) {
      end--;
    }
    return redacted.substring(0, end) + "…";
  }

  @Override
  public String toString() {
    return "Redactor[secret hidden]";
  }
}
