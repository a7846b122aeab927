package dev.videoagent.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to requests that never reach a route (an unparseable URI, headers too large, an
 * HTTP version it does not speak) as problem documents too, instead of Jetty's HTML error page,
 * with the status Jetty answers with.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private final ObjectMapper mapper;

  ProblemErrorHandler(ObjectMapper mapper) {
    this.mapper = mapper;
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    return ByteBuffer.wrap(body(status));
  }

  /** The problem for a status Jetty raised itself; its {@code status} is always {@code code}. */
  static Problem problem(int code) {
    String detail =
        switch (code) {
          case 400 ->
              "The request could not be understood (its request line, URI or headers are"
                  + " malformed).";
          case 408 -> "The request did not arrive in time.";
          case 413 -> RequestBodies.tooLargeDetail();
          case 414 -> "The request's URI is too long.";
          case 431 -> "The request's headers are too large.";
          case 505 -> "Only HTTP/1.0 and HTTP/1.1 are spoken here.";
          case 500 -> "The server could not handle the request.";
          case 503 -> "The server cannot take the request now; try again in a few seconds.";
          default -> null;
        };
    return ProblemType.generalTypeOf(code)
        .map(type -> type.problem(detail == null ? type.title() + "." : detail))
        .orElseGet(
            () -> {
              String title = HttpStatus.getMessage(code);
              return new Problem(
                  "about:blank", title, code, detail == null ? title + "." : detail, null);
            });
  }

  private byte[] body(int code) {
    try {
      return mapper.writeValueAsBytes(problem(code));
    } catch (JsonProcessingException e) {
      return ("{\"status\":" + code + "}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
