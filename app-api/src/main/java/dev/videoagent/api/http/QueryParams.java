package dev.videoagent.api.http;

import dev.videoagent.core.FieldError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query string, decoded strictly. Javalin's own decoding turns a malformed escape ({@code %zz})
 * into an empty value and bad UTF-8 into U+FFFD, so a broken parameter was silently taken as
 * absent; here it is a 400 naming the parameter. A value that decodes to a NUL or another control
 * character is refused the same way: nothing a route passes on may hold what a database refuses.
 */
final class QueryParams {
  /** Longer query strings are not read: no route takes more than a cursor and two short values. */
  static final int MAX_QUERY_CHARS = 4096;

  private QueryParams() {}

  /**
   * The parameters by name, values in order, {@code +} read as a space.
   *
   * @param rawQuery the query as sent (still percent-encoded), or null
   * @throws ApiProblem 400 naming every parameter that does not decode
   */
  static Map<String, List<String>> parse(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    if (rawQuery.length() > MAX_QUERY_CHARS) {
      throw new ApiProblem(
          Problem.invalid(
              "query",
              "The query string is longer than "
                  + MAX_QUERY_CHARS
                  + " characters, the most read."));
    }
    List<FieldError> errors = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
      Optional<String> name = decode(rawName);
      Optional<String> value = decode(rawValue);
      if (name.isEmpty() || value.isEmpty()) {
        String shown = name.orElse(rawName);
        errors.add(
            new FieldError(
                shown,
                "The query parameter "
                    + shown
                    + " is not correctly percent-encoded UTF-8 text without control characters."));
        continue;
      }
      params.computeIfAbsent(name.get(), k -> new ArrayList<>()).add(value.get());
    }
    if (!errors.isEmpty()) {
      throw new ApiProblem(Problem.invalid(errors));
    }
    return params;
  }

  /**
   * The decoded text, or empty when an escape is malformed, the bytes are not UTF-8, or a control
   * character results.
   */
  static Optional<String> decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return Optional.empty();
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // Jetty has already refused raw non-ASCII in the request line; be strict all the same.
        return Optional.empty();
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    return text.chars().anyMatch(Character::isISOControl) ? Optional.empty() : Optional.of(text);
  }
}
