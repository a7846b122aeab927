package dev.videoagent.adapters.persistence;

/**
 * The spans of SQL text that {@link ColonParameters} and {@link DefinedAttributes} must not look
 * into, and the names both read: the two agree on them, as JDBI's own lexers do. {@link
 * WritesInTransactions} reads a statement's first word with them too.
 */
final class SqlText {
  private SqlText() {}

  /**
   * Where the quoted text opening at {@code from} ({@code '…'} with {@code \'} inside, or a
   * non-empty {@code "…"}) ends, just after its closing quote; {@code from + 1} when there is none
   * (no closing quote, or {@code ""}): that quote is then plain text, as JDBI's lexers take it.
   */
  static int endOfQuoted(String sql, int from) {
    char quote = sql.charAt(from);
    int at = from + 1;
    if (quote == '"' && at < sql.length() && sql.charAt(at) == '"') {
      return from + 1;
    }
    while (at < sql.length()) {
      char c = sql.charAt(at);
      if (quote == '\'' && c == '\\' && at + 1 < sql.length() && sql.charAt(at + 1) == '\'') {
        at += 2;
      } else if (c == quote) {
        return at + 1;
      } else {
        at++;
      }
    }
    return from + 1;
  }

  /**
   * Where the block comment opening at {@code from} ends, just after its close; {@code from + 1}
   * when it is never closed: its {@code /} is then plain text.
   */
  static int endOfBlockComment(String sql, int from) {
    int close = sql.indexOf("*/", from + 2);
    return close < 0 ? from + 1 : close + 2;
  }

  /** Where the line comment opening at {@code from} ends: at the line's end, or the SQL's. */
  static int endOfLineComment(String sql, int from) {
    int at = from + 2;
    while (at < sql.length() && sql.charAt(at) != '\n' && sql.charAt(at) != '\r') {
      at++;
    }
    return at;
  }

  /** Where the text after {@code from} begins, past blanks and line and block comments. */
  static int startOfText(String sql, int from) {
    int at = from;
    while (at < sql.length()) {
      if (Character.isWhitespace(sql.charAt(at))) {
        at++;
      } else if (sql.startsWith("--", at)) {
        at = endOfLineComment(sql, at);
      } else if (sql.startsWith("/*", at) && endOfBlockComment(sql, at) > at + 1) {
        at = endOfBlockComment(sql, at);
      } else {
        break;
      }
    }
    return at;
  }

  /** The statement's first line, for a message that must not carry its values. */
  static String firstLine(String sql) {
    String trimmed = sql.strip();
    int end = trimmed.indexOf('\n');
    return end < 0 ? trimmed : trimmed.substring(0, end) + " …";
  }

  /** Where the name starting at {@code from} ends (at {@code from} when there is none). */
  static int endOfName(String sql, int from) {
    int at = from;
    while (at < sql.length() && isNamePart(sql.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
  }
}
