package dev.videoagent.adapters.persistence;

import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;

/**
 * Puts defined attributes into SQL ({@code <ids>}, which {@code bindList} defines), as JDBI's
 * default template engine does, in one pass over the text: that engine runs an ANTLR lexer, whose
 * set-up is part of what {@link ColonParameters} saves too.
 *
 * <p>{@code <name>}, where the name is letters, digits, {@code _}, {@code $} or {@code .}, is
 * replaced by the attribute's value, and an attribute the statement did not define is refused, as
 * JDBI refuses it; anything else ({@code <>}, {@code a < b}) is text. Quoted text, quoted names and
 * comments are left alone, and a backslash is dropped and the character after it kept as text, as
 * JDBI's engine does ({@code ColonParametersTest} holds the two to the same output).
 */
final class DefinedAttributes implements TemplateEngine {
  @Override
  public String render(String template, StatementContext context) {
    if (template.indexOf('<') < 0) {
      return template;
    }
    StringBuilder sql = new StringBuilder(template.length() + 32);
    int at = 0;
    while (at < template.length()) {
      char c = template.charAt(at);
      char next = at + 1 < template.length() ? template.charAt(at + 1) : '\0';
      int end = at + 1;
      if (c == '\'' || c == '"') {
        end = SqlText.endOfQuoted(template, at);
      } else if (c == '/' && next == '*') {
        end = SqlText.endOfBlockComment(template, at);
      } else if (c == '-' && next == '-') {
        end = SqlText.endOfLineComment(template, at);
      } else if (c == '\\' && at + 1 < template.length()) {
        // JDBI's engine drops the backslash and keeps the character, whatever it is.
        sql.append(next);
        at += 2;
        continue;
      } else if (c == '<' && isAttribute(template, at)) {
        end = SqlText.endOfName(template, at + 1);
        String name = template.substring(at + 1, end);
        Object value = context.getAttribute(name);
        if (value == null) {
          throw new UnableToCreateStatementException(
              "Undefined attribute for token '<" + name + ">'", context);
        }
        sql.append(value);
        at = end + 1;
        continue;
      }
      sql.append(template, at, end);
      at = end;
    }
    return sql.toString();
  }

  /** Whether a name and a {@code >} follow the {@code <} at {@code at}. */
  private static boolean isAttribute(String template, int at) {
    int end = SqlText.endOfName(template, at + 1);
    return end > at + 1 && end < template.length() && template.charAt(end) == '>';
  }
}
