package dev.videoagent.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videoagent.assembly.json.Json;
import dev.videoagent.core.FieldError;
import dev.videoagent.core.ValidationException;
import dev.videoagent.core.VideoRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the body of {@code POST /v1/videos} into a {@link VideoRequest}, reporting every problem at
 * once: unknown fields, fields of the wrong JSON type, and the domain's own rules (empty prompt,
 * bad orientation, …), each naming its field as the client wrote it.
 *
 * <p>The body is read as a stream of tokens, not as one tree: only the known fields' values are
 * kept, unknown fields are skipped (the first {@value Problem#MAX_ERRORS} are named, the rest
 * counted), and no more metadata entries are kept than the domain could accept plus one. So what a
 * body becomes in memory stays about as small as the body, whatever it holds.
 */
public final class CreateVideoBody {
  static final List<String> FIELDS =
      List.of("prompt", "avatar", "voice", "orientation", "metadata", "callback_url");
  private static final Set<String> KNOWN = Set.copyOf(FIELDS);

  private static final ObjectMapper MAPPER =
      Json.mapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Reads one value in the middle of the body: what follows it is the rest of the object. */
  private static final ObjectReader VALUE =
      MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CreateVideoBody() {}

  /**
   * @throws ApiProblem 400 when the body is not a JSON object, or listing every invalid field
   */
  public static VideoRequest parse(byte[] body) {
    Fields fields = readObject(body);
    List<FieldError> errors = new ArrayList<>(fields.unknown);
    ObjectNode root = fields.values;
    String prompt = text(root, "prompt", errors);
    boolean promptTypeWrong = root.hasNonNull("prompt") && !root.get("prompt").isTextual();
    String avatar = text(root, "avatar", errors);
    String voice = text(root, "voice", errors);
    String orientation = text(root, "orientation", errors);
    String callbackUrl = text(root, "callback_url", errors);
    Map<String, String> metadata = metadata(root, fields.metadataEntries, errors);
    try {
      // A prompt of the wrong type is already reported; a stand-in keeps it from being reported
      // twice, as missing.
      VideoRequest request =
          VideoRequest.parse(
              promptTypeWrong ? "-" : prompt, avatar, voice, orientation, metadata, callbackUrl);
      if (errors.isEmpty() && fields.unlistedUnknown == 0) {
        return request;
      }
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    throw new ApiProblem(Problem.invalid(errors, fields.unlistedUnknown));
  }

  /** The known fields' values, and the unknown fields (named, then only counted). */
  private static final class Fields {
    final ObjectNode values = MAPPER.createObjectNode();
    final List<FieldError> unknown = new ArrayList<>();
    long unlistedUnknown;
    long metadataEntries;
  }

  private static Fields readObject(byte[] body) {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw new ApiProblem(
          Problem.invalid(
              "body",
              "The request body is empty; send a JSON object such as {\"prompt\": \"A short"
                  + " product demo\"}."));
    }
    try (JsonParser parser = MAPPER.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new ApiProblem(
            Problem.invalid(
                "body",
                "The request body must be a JSON object, not "
                    + kind(first)
                    + "; send something like {\"prompt\": \"A short product demo\"}."));
      }
      Fields fields = new Fields();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (KNOWN.contains(name)) {
          fields.values.set(
              name,
              name.equals("metadata") && value == JsonToken.START_OBJECT
                  ? boundedObject(parser, fields)
                  : scalarOrEmpty(parser, value));
        } else {
          parser.skipChildren();
          if (fields.unknown.size() < Problem.MAX_ERRORS) {
            fields.unknown.add(unknownField(name));
          } else {
            fields.unlistedUnknown++;
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new ApiProblem(
            Problem.invalid(
                "body",
                notJson(
                    parser.currentTokenLocation(),
                    "there is more after the JSON object; send exactly one JSON object")));
      }
      return fields;
    } catch (JsonProcessingException e) {
      throw new ApiProblem(Problem.invalid("body", describe(e)));
    } catch (IOException e) {
      throw new ApiProblem(Problem.invalid("body", "The request body could not be read as JSON."));
    }
  }

  private static FieldError unknownField(String name) {
    String shown = BoundedText.cut(name, Problem.MAX_FIELD_CHARS);
    return new FieldError(
        shown,
        "\""
            + shown
            + "\" is not a known field; the fields are "
            + String.join(", ", FIELDS)
            + ".");
  }

  /**
   * The value the parser is at. An array or object (which no field but metadata may be) is skipped
   * and stands as an empty one, enough to say what type it was.
   */
  private static JsonNode scalarOrEmpty(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.START_ARRAY) {
      parser.skipChildren();
      return MAPPER.createArrayNode();
    }
    if (value == JsonToken.START_OBJECT) {
      parser.skipChildren();
      return MAPPER.createObjectNode();
    }
    return VALUE.readTree(parser);
  }

  /**
   * The metadata object. Past the most entries the domain accepts, entries are only counted, and
   * the object is refused for its size alone.
   */
  private static ObjectNode boundedObject(JsonParser parser, Fields fields) throws IOException {
    ObjectNode kept = MAPPER.createObjectNode();
    long entries = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken value = parser.nextToken();
      entries++;
      if (entries <= VideoRequest.MAX_METADATA_ENTRIES) {
        kept.set(key, scalarOrEmpty(parser, value));
      } else {
        parser.skipChildren();
      }
    }
    fields.metadataEntries = entries;
    return kept;
  }

  /**
   * A sentence about malformed JSON, with where it went wrong. Jackson's own messages are never
   * passed on: they name parser internals ({@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS},
   * {@code StreamReadConstraints.getMaxNestingDepth()}) that mean nothing to the person reading
   * them.
   */
  static String describe(JsonProcessingException e) {
    return notJson(e.getLocation(), reason(e));
  }

  private static String notJson(JsonLocation location, String why) {
    String where =
        location == null || location.getLineNr() < 1
            ? ""
            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    return "The request body is not valid JSON" + where + ": " + why + ".";
  }

  private static final Pattern DUPLICATE =
      Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
  private static final Pattern CHARACTER = Pattern.compile("\\(code (\\d+)\\)");

  private static String reason(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.lookingAt()) {
      return "the field \""
          + BoundedText.cut(duplicate.group(1), Problem.MAX_FIELD_CHARS)
          + "\" appears more than once";
    }
    if (e instanceof StreamConstraintsException) {
      return original.contains("depth")
          ? "it is nested too deeply"
          : "a number, string or field name in it is longer than accepted";
    }
    if (e instanceof JsonEOFException || original.contains("end-of-input")) {
      return "it ends before the JSON value is complete";
    }
    if (original.contains("NaN") || original.contains("Infinity")) {
      return "NaN and Infinity are not JSON numbers";
    }
    if (original.contains("surrogate")) {
      return "an escape \\uD800 to \\uDFFF is not part of a surrogate pair";
    }
    if (original.contains("UTF-8") || original.contains("UTF8")) {
      return "it is not valid UTF-8 text";
    }
    if (original.startsWith("Illegal unquoted character")) {
      return "a string holds a control character (such as a line break) that is not escaped";
    }
    if (original.startsWith("Unrecognized character escape")) {
      return "a string holds a backslash escape that JSON does not have";
    }
    if (original.startsWith("Unexpected close marker")) {
      return "a closing bracket does not match the opening one";
    }
    if (original.contains("numeric value") || original.contains("Leading zeroes")) {
      return "a number is not written as JSON writes numbers";
    }
    if (original.startsWith("Unrecognized token")) {
      return "it holds a word that is not a JSON value (text must be in double quotes)";
    }
    if (original.startsWith("Unexpected character")) {
      Matcher code = CHARACTER.matcher(original);
      String which = code.find() ? " " + shown(Integer.parseInt(code.group(1))) : "";
      return original.contains("double-quote to start field name")
          ? "an unexpected character" + which + " where a field name in double quotes belongs"
          : "an unexpected character" + which;
    }
    return "it is not well-formed JSON";
  }

  /** A character for a sentence: itself in quotes when printable, else its code point. */
  private static String shown(int codePoint) {
    return Character.isISOControl(codePoint) || !Character.isDefined(codePoint)
        ? String.format("U+%04X", codePoint)
        : "'" + new String(Character.toChars(codePoint)) + "'";
  }

  private static String kind(JsonToken token) {
    if (token == null) {
      return "empty";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "something else";
    };
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "empty";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** The field's text; null when absent or JSON null; a type error when it is not a string. */
  private static String text(JsonNode root, String field, List<FieldError> errors) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      errors.add(new FieldError(field, field + " must be a string, not " + kind(value) + "."));
      return null;
    }
    if (!wellFormed(value.textValue())) {
      errors.add(new FieldError(field, unpaired(field)));
      return null;
    }
    return value.textValue();
  }

  /**
   * Whether every UTF-16 surrogate is paired. A JSON escape can smuggle in a lone one, which no
   * database or gateway would keep as written.
   */
  static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String unpaired(String field) {
    return field + " contains an invalid character (a lone UTF-16 surrogate).";
  }

  private static Map<String, String> metadata(
      JsonNode root, long entries, List<FieldError> errors) {
    JsonNode value = root.get("metadata");
    if (value == null || value.isNull()) {
      return null;
    }
    if (entries > VideoRequest.MAX_METADATA_ENTRIES) {
      errors.add(
          new FieldError(
              "metadata",
              "metadata may hold at most "
                  + VideoRequest.MAX_METADATA_ENTRIES
                  + " entries (it has "
                  + entries
                  + ")."));
      return null;
    }
    if (!value.isObject()) {
      errors.add(
          new FieldError(
              "metadata",
              "metadata must be an object of string values, such as {\"campaign\": \"spring\"},"
                  + " not "
                  + kind(value)
                  + "."));
      return null;
    }
    Map<String, String> strings = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String field = "metadata." + entry.getKey();
      if (!wellFormed(entry.getKey())
          || (entry.getValue().isTextual() && !wellFormed(entry.getValue().textValue()))) {
        errors.add(new FieldError("metadata", unpaired("metadata")));
      } else if (entry.getValue().isTextual()) {
        strings.put(entry.getKey(), entry.getValue().textValue());
      } else {
        errors.add(
            new FieldError(
                field, field + " must be a string, not " + kind(entry.getValue()) + "."));
      }
    }
    return strings;
  }
}
