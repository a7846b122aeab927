package dev.videoagent.adapters.http.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the sandbox's answers in the gateway's shapes. */
final class Answers {
  private final ObjectMapper mapper;

  Answers(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** An error as Azure API Management raises it: {@code {"statusCode": …, "message": "…"}}. */
  void apimError(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode body = mapper.createObjectNode();
    body.put("statusCode", status);
    body.put("message", message);
    json(exchange, status, body);
  }

  void json(HttpExchange exchange, int status, Object body) throws IOException {
    bytes(exchange, status, "application/json", mapper.writeValueAsBytes(body));
  }

  void text(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    bytes(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  void bytes(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // HttpServer sends a Content-Length for a positive length and chunks for 0; -1 means no body.
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
