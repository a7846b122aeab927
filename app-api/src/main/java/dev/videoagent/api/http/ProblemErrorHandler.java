package dev.videoagent.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videoagent.core.FieldError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to requests that never reach a route (an unparseable URI, headers too large) as
 * problem documents too, instead of Jetty's HTML error page.
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

  private byte[] body(int code) {
    Problem problem;
    if (code == 400) {
      problem =
          Problem.invalid(
              "The request could not be understood (its request line, URI or headers are"
                  + " malformed).",
              (List<FieldError>) null);
    } else if (code == 431) {
      problem =
          new Problem(
              "about:blank",
              HttpStatus.getMessage(code),
              code,
              "The request's headers are too large.",
              null);
    } else if (code >= 500) {
      problem = ProblemType.INTERNAL_ERROR.problem("The server could not handle the request.");
    } else {
      String title = HttpStatus.getMessage(code);
      problem = new Problem("about:blank", title, code, title + ".", null);
    }
    try {
      return mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      return ("{\"status\":" + code + "}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
