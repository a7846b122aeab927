package dev.videoagent.api.http;

/**
 * Text from a request made fit to be echoed in an answer: at most a given length, and always
 * encodable. A lone UTF-16 surrogate (which a JSON escape can carry in) cannot be written as UTF-8,
 * and a control character makes a sentence unreadable; both become U+FFFD.
 */
final class BoundedText {
  static final char REPLACEMENT = '\uFFFD';
  private static final char ELLIPSIS = '…';

  private BoundedText() {}

  /**
   * {@code text} with unencodable and control characters replaced, cut to at most {@code maxChars}
   * characters (ending in "…" when cut, never inside a surrogate pair); null stays null.
   */
  static String cut(String text, int maxChars) {
    if (text == null) {
      return null;
    }
    boolean tooLong = text.length() > maxChars;
    int end = tooLong ? maxChars - 1 : text.length();
    if (tooLong && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 1);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) && i + 1 < end) {
          out.append(c).append(text.charAt(++i));
        } else {
          out.append(REPLACEMENT);
        }
      } else if (Character.isLowSurrogate(c) || Character.isISOControl(c)) {
        out.append(REPLACEMENT);
      } else {
        out.append(c);
      }
    }
    if (tooLong) {
      out.append(ELLIPSIS);
    }
    return out.toString();
  }
}
