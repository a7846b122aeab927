package dev.videoagent.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.videoagent.core.FieldError;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): what went wrong, for programs
 * ({@code type}, {@code status}) and for people ({@code title}, {@code detail}), plus every invalid
 * field for validation errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "errors"})
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";

  public Problem {
    errors = errors == null ? null : List.copyOf(errors);
  }

  public static Problem invalid(String detail, List<FieldError> errors) {
    ProblemType type = ProblemType.INVALID_REQUEST;
    return new Problem(type.uri(), type.title(), type.status(), detail, errors);
  }

  public static Problem invalid(String field, String message) {
    return invalid(message, List.of(new FieldError(field, message)));
  }
}
