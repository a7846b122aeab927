package dev.videoagent.adapters.persistence;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads {@code :name} and {@code ?} parameters out of SQL as JDBI's own colon-prefix parser does,
 * in one pass over the text. JDBI's parser is an ANTLR lexer whose set-up (its classes, its state
 * machine read from a serialized form) is a tenth of what a short command-line run costs before its
 * first statement.
 *
 * <p>Each text is read once and kept, as JDBI's caching parser does: the service runs the same few
 * statements all day, and reading the job-by-id statement (some forty columns and a join) at every
 * request was 4.5 % of the samples of {@code GET /v1/videos/{id}}. The statements are the
 * repositories' constants with their attributes filled in, so there are few; past {@value
 * #KEPT_STATEMENTS} distinct texts (a list of ids rendered into the text, say) the kept ones are
 * dropped and read again as they come, so memory stays bounded.
 *
 * <p>The same text is taken as the same parts ({@code ColonParametersTest} holds both parsers to
 * that): quoted text ({@code '…'}, with {@code \'} inside), quoted names ({@code "…"}), block and
 * line comments are copied as they are (a quote or comment never closed is plain text); {@code ::}
 * (a PostgreSQL cast) and {@code ??} are text; a backslash makes the next character plain text and
 * is dropped; {@code :} followed by letters, digits, {@code _}, {@code $} or {@code .} is a named
 * parameter, and a lone {@code ?} a positional one. Mixing the two is refused by JDBI's builder, as
 * before.
 */
final class ColonParameters implements SqlParser {
  static final int KEPT_STATEMENTS = 1_000;

  private final Map<String, ParsedSql> kept = new ConcurrentHashMap<>();

  @Override
  public ParsedSql parse(String sql, StatementContext context) {
    ParsedSql known = kept.get(sql);
    if (known != null) {
      return known;
    }
    // A text that cannot be parsed (named and positional parameters mixed) throws here and is
    // not kept, so it fails the same way every time.
    ParsedSql read = read(sql);
    if (kept.size() >= KEPT_STATEMENTS) {
      kept.clear();
    }
    kept.put(sql, read);
    return read;
  }

  /** How many texts are kept now. */
  int keptStatements() {
    return kept.size();
  }

  private static ParsedSql read(String sql) {
    ParsedSql.Builder parsed = ParsedSql.builder();
    StringBuilder text = new StringBuilder(sql.length());
    int at = 0;
    while (at < sql.length()) {
      char c = sql.charAt(at);
      char next = at + 1 < sql.length() ? sql.charAt(at + 1) : '\0';
      int end = at + 1;
      if (c == '\'' || c == '"') {
        end = SqlText.endOfQuoted(sql, at);
      } else if (c == '/' && next == '*') {
        end = SqlText.endOfBlockComment(sql, at);
      } else if (c == '-' && next == '-') {
        end = SqlText.endOfLineComment(sql, at);
      } else if ((c == ':' && next == ':') || (c == '?' && next == '?')) {
        end = at + 2;
      } else if (c == '\\' && at + 1 < sql.length()) {
        text.append(next);
        at += 2;
        continue;
      } else if (c == ':' && SqlText.endOfName(sql, at + 1) > at + 1) {
        end = SqlText.endOfName(sql, at + 1);
        parsed.append(text.toString()).appendNamedParameter(sql.substring(at + 1, end));
        text.setLength(0);
        at = end;
        continue;
      } else if (c == '?') {
        parsed.append(text.toString()).appendPositionalParameter();
        text.setLength(0);
        at = end;
        continue;
      }
      text.append(sql, at, end);
      at = end;
    }
    return parsed.append(text.toString()).build();
  }

  @Override
  public String nameParameter(String rawName, StatementContext context) {
    return ":" + rawName;
  }
}
