package dev.videoagent.api.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.videoagent.api.json.Json;
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

/**
 * Turns the body of {@code POST /v1/videos} into a {@link VideoRequest}, reporting every problem at
 * once: unknown fields, fields of the wrong JSON type, and the domain's own rules (empty prompt,
 * bad orientation, …), each naming its field as the client wrote it.
 */
public final class CreateVideoBody {
  static final List<String> FIELDS =
      List.of("prompt", "avatar", "voice", "orientation", "metadata", "callback_url");
  private static final Set<String> KNOWN = Set.copyOf(FIELDS);

  private static final ObjectMapper MAPPER =
      Json.mapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private CreateVideoBody() {}

  /**
   * @throws ApiProblem 400 when the body is not a JSON object
   * @throws ValidationException listing every invalid field
   */
  public static VideoRequest parse(byte[] body) {
    JsonNode root = readObject(body);
    List<FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : root.properties()) {
      String name = property.getKey();
      if (!KNOWN.contains(name)) {
        errors.add(
            new FieldError(
                name,
                "\""
                    + name
                    + "\" is not a known field; the fields are "
                    + String.join(", ", FIELDS)
                    + "."));
      }
    }
    String prompt = text(root, "prompt", errors);
    boolean promptTypeWrong = root.hasNonNull("prompt") && !root.get("prompt").isTextual();
    String avatar = text(root, "avatar", errors);
    String voice = text(root, "voice", errors);
    String orientation = text(root, "orientation", errors);
    String callbackUrl = text(root, "callback_url", errors);
    Map<String, String> metadata = metadata(root, errors);
    try {
      // A prompt of the wrong type is already reported; a stand-in keeps it from being reported
      // twice, as missing.
      VideoRequest request =
          VideoRequest.parse(
              promptTypeWrong ? "-" : prompt, avatar, voice, orientation, metadata, callbackUrl);
      if (errors.isEmpty()) {
        return request;
      }
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    throw new ValidationException(errors);
  }

  private static JsonNode readObject(byte[] body) {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw new ApiProblem(
          Problem.invalid(
              "body",
              "The request body is empty; send a JSON object such as {\"prompt\": \"A short"
                  + " product demo\"}."));
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiProblem(Problem.invalid("body", describe(e)));
    } catch (IOException e) {
      throw new ApiProblem(Problem.invalid("body", "The request body could not be read as JSON."));
    }
    if (root == null || !root.isObject()) {
      throw new ApiProblem(
          Problem.invalid(
              "body",
              "The request body must be a JSON object, not "
                  + kind(root)
                  + "; send something like {\"prompt\": \"A short product demo\"}."));
    }
    return root;
  }

  /** A sentence about malformed JSON, with where it went wrong; no parser internals. */
  static String describe(JsonProcessingException e) {
    String where =
        e.getLocation() == null || e.getLocation().getLineNr() < 1
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String why;
    if (original.startsWith("Duplicate field")) {
      why = original.replace("Duplicate field", "the field").strip() + " appears more than once";
    } else if (e instanceof JsonEOFException) {
      why = "it ends before the JSON value is complete";
    } else if (e instanceof MismatchedInputException) {
      why = "there is more after the JSON value; send exactly one JSON object";
    } else if (e instanceof JsonParseException) {
      why = firstLine(original);
    } else {
      why = "it could not be read";
    }
    return "The request body is not valid JSON" + where + ": " + why + ".";
  }

  private static String firstLine(String message) {
    String line = message.lines().findFirst().orElse("").strip();
    if (line.endsWith(".")) {
      line = line.substring(0, line.length() - 1);
    }
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
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

  private static Map<String, String> metadata(JsonNode root, List<FieldError> errors) {
    JsonNode value = root.get("metadata");
    if (value == null || value.isNull()) {
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
