package dev.videoagent.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Makes text from elsewhere (the database, a batch file, the gateway, an argument) safe to print on
 * a terminal. Prompts, metadata and error messages may come from any tenant, and an operator reads
 * them all: an escape sequence in one could clear the screen, retitle the window, rewrite earlier
 * lines or, on some terminals, answer back as typed input; a bidi override or a line break could
 * make one job look like another.
 *
 * <p>So every control character (C0, DEL, C1), format character (bidi controls, zero-width
 * characters, U+FEFF, …), line and paragraph separator (U+2028, U+2029) and unpaired surrogate is
 * shown as its code, <code>&#92;u001b</code> (<code>&#92;U000e0001</code> above U+FFFF), and a
 * backslash as <code>&#92;&#92;</code>, so that the codes cannot be faked. Everything else, accents
 * and emoji included, is printed as it is.
 */
final class Visible {
  private Visible() {}

  /** {@code text} with every character that a terminal would act on written as its code. */
  static String text(String text) {
    if (text == null) {
      return "";
    }
    if (isPlain(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\\') {
        out.append("\\\\");
      } else if (mustEscape(c)) {
        out.append(c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  /** Any object's text, as {@link #text(String)}: for paths and exceptions. */
  static String text(Object value) {
    return text(value == null ? null : value.toString());
  }

  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c < 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  /**
   * True for what a terminal might act on or that hides what a person sees. {@code codePointAt}
   * returns an unpaired surrogate as itself, so those are caught here too.
   */
  static boolean mustEscape(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }

  /**
   * Jackson's escapes for {@code --json}: besides the C0 controls JSON requires, DEL, the C1
   * controls, format characters and U+2028/U+2029 are written as <code>&#92;uXXXX</code>, so that a
   * document printed to a terminal cannot act on it either, while it still decodes to exactly the
   * same text. Surrogates are left to Jackson (each char is seen alone here, so a pair cannot be
   * told from a stray half).
   */
  static final class JsonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    JsonEscapes() {
      ascii = CharacterEscapes.standardAsciiEscapesForJSON();
      ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (Character.isSurrogate((char) ch) || !mustEscape(ch)) {
        return null;
      }
      return new SerializedString(String.format("\\u%04x", ch));
    }
  }
}
