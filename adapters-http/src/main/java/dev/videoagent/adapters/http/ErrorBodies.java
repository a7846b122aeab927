package dev.videoagent.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * Finds a sentence a person can read in an error the gateway (or something in front of it) sent:
 * Azure API Management's {@code {"statusCode", "message"}}, an {@code error} string or object, a
 * short plain-text body. HTML pages and empty bodies give nothing.
 */
final class ErrorBodies {
  static final int MAX_MESSAGE_CHARS = 500;
  private static final List<String> MESSAGE_FIELDS =
      List.of("message", "error_description", "detail", "title", "reason", "error");

  private final ObjectMapper mapper;

  ErrorBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  Optional<String> messageOf(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    String text = body.strip();
    if (text.startsWith("{")) {
      try {
        return describe(mapper.readTree(text));
      } catch (JsonProcessingException notJson) {
        return Optional.empty();
      }
    }
    if (text.startsWith("<")) {
      return Optional.empty();
    }
    return Optional.of(shorten(text.lines().findFirst().orElse(text)));
  }

  /** A readable message from an {@code error} field that may be a string or an object. */
  Optional<String> describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    if (node.isValueNode()) {
      String text = node.asText().strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(shorten(text));
    }
    if (node.isObject()) {
      for (String field : MESSAGE_FIELDS) {
        Optional<String> found = describe(node.get(field));
        if (found.isPresent()) {
          String code = node.hasNonNull("code") ? node.get("code").asText().strip() : "";
          return Optional.of(code.isEmpty() ? found.get() : shorten(code + ": " + found.get()));
        }
      }
    }
    // No known field: the compact JSON is still better than nothing.
    return node.isEmpty() ? Optional.empty() : Optional.of(shorten(node.toString()));
  }

  private static String shorten(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
