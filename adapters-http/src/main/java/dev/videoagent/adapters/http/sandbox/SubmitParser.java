package dev.videoagent.adapters.http.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks a submit as the gateway documents it: a JSON object with a prompt of 1 to 10,000
 * characters, optional avatar and voice ids, an optional orientation, and an optional absolute
 * http(s) {@code X-Webhook-URL}.
 */
final class SubmitParser {
  static final int MAX_PROMPT_CHARS = 10_000;
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final ObjectMapper mapper;

  SubmitParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  record SubmitRequest(String prompt, URI webhook) {}

  /** A submit the gateway would refuse; the message is sent back as is. */
  static final class InvalidSubmit extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    InvalidSubmit(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /**
   * @param body the request body, read up to one byte past {@link #MAX_BODY_BYTES}
   * @param webhookHeader the {@code X-Webhook-URL} header, or {@code null}
   */
  SubmitRequest parse(byte[] body, String webhookHeader) throws InvalidSubmit {
    if (body.length > MAX_BODY_BYTES) {
      throw new InvalidSubmit(413, "The request body must not exceed 1 MiB.");
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      throw new InvalidSubmit(400, "The request body is not valid JSON.");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSubmit(400, "The request body must be a JSON object.");
    }
    JsonNode prompt = root.get("prompt");
    if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
      throw new InvalidSubmit(400, "prompt is required and must be a non-empty string.");
    }
    String text = prompt.asText();
    if (text.codePointCount(0, text.length()) > MAX_PROMPT_CHARS) {
      throw new InvalidSubmit(
          400, "prompt must be at most " + MAX_PROMPT_CHARS + " characters long.");
    }
    for (String field : new String[] {"avatar", "voice"}) {
      JsonNode value = root.get(field);
      if (value != null && !(value.isTextual() && !value.asText().isBlank())) {
        throw new InvalidSubmit(400, field + " must be \"auto\" or an id.");
      }
    }
    JsonNode orientation = root.get("orientation");
    if (orientation != null
        && !(orientation.isTextual()
            && (orientation.asText().equals("landscape")
                || orientation.asText().equals("portrait")))) {
      throw new InvalidSubmit(400, "orientation must be \"landscape\" or \"portrait\".");
    }
    return new SubmitRequest(text, webhook(webhookHeader));
  }

  private static URI webhook(String header) throws InvalidSubmit {
    if (header == null) {
      return null;
    }
    try {
      URI url = new URI(header.strip());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // Answered below like any other unusable URL.
    }
    throw new InvalidSubmit(400, "X-Webhook-URL must be an absolute http(s) URL.");
  }
}
