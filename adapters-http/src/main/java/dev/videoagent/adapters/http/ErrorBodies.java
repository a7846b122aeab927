package dev.videoagent.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * Finds a sentence a person can read in an error the gateway (or something in front of it) sent:
 * Azure API Management's {@code {"statusCode", "message"}}, an {@code error} string or object, a
 * short plain-text body. HTML pages and empty bodies give nothing. Every sentence is redacted first
 * and only then cut to {@value #MAX_MESSAGE_CHARS} characters, so no part of the key survives the
 * cut.
 */
final class ErrorBodies {
  static final int MAX_MESSAGE_CHARS = 500;
  private static final List<String> MESSAGE_FIELDS =
      List.of("message", "error_description", "detail", "title", "reason", "error");

  private final ObjectMapper mapper;
  private final Redactor redactor;

  ErrorBodies(ObjectMapper mapper, Redactor redactor) {
    this.mapper = mapper;
    this.redactor = redactor;
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
    // Redacted before the first line is taken: a line break is a cut too.
    String redacted = redactor.redact(text);
    return Optional.of(shorten(redacted.lines().findFirst().orElse(redacted)));
  }

  /** A readable message from an {@code error} field that may be a string or an object. */
  Optional<String> describe(JsonNode node) {
    return whole(node).map(this::shorten);
  }

  /** The message before any cut. */
  private Optional<String> whole(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    if (node.isValueNode()) {
      String text = node.asText().strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
    if (node.isObject()) {
      for (String field : MESSAGE_FIELDS) {
        Optional<String> found = whole(node.get(field));
        if (found.isPresent()) {
          String code = node.hasNonNull("code") ? node.get("code").asText().strip() : "";
          return Optional.of(code.isEmpty() ? found.get() : code + ": " + found.get());
        }
      }
    }
    // No known field: the compact JSON is still better than nothing.
    return node.isEmpty() ? Optional.empty() : Optional.of(node.toString());
  }

  private String shorten(String text) {
    return redactor.redactAndCut(text, MAX_MESSAGE_CHARS);
  }
}
