package dev.videoagent.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.videoagent.core.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): what went wrong, for programs
 * ({@code type}, {@code status}) and for people ({@code title}, {@code detail}), plus the invalid
 * fields for validation errors.
 *
 * <p>Every error answer of the service is one of these, so its size is bounded here, whatever the
 * request held: at most {@value #MAX_ERRORS} entries in {@code errors} (the detail says how many
 * more there were), and every text cut to a length a person reads. Without the bound, a body of a
 * few hundred kilobytes with thousands of unknown fields was answered with megabytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "errors"})
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** The most entries listed in {@code errors}. */
  public static final int MAX_ERRORS = 20;

  static final int MAX_DETAIL_CHARS = 1_500;
  static final int MAX_FIELD_CHARS = 100;
  static final int MAX_MESSAGE_CHARS = 300;
  private static final int MAX_TITLE_CHARS = 100;

  public Problem {
    title = BoundedText.cut(title, MAX_TITLE_CHARS);
    detail = BoundedText.cut(detail, MAX_DETAIL_CHARS);
    errors = errors == null ? null : bounded(errors);
  }

  /**
   * A validation problem listing {@code errors} (the first {@value #MAX_ERRORS} of them); its
   * detail is their messages, and says how many more there were.
   */
  public static Problem invalid(List<FieldError> errors) {
    return invalid(errors, 0);
  }

  /**
   * Like {@link #invalid(List)}, for a caller that stopped collecting errors early: {@code
   * unlisted} more problems were found but not put in {@code errors}.
   */
  public static Problem invalid(List<FieldError> errors, long unlisted) {
    List<FieldError> listed = errors.subList(0, Math.min(errors.size(), MAX_ERRORS));
    long more = errors.size() - listed.size() + unlisted;
    String messages =
        listed.stream()
            .map(e -> BoundedText.cut(e.message(), MAX_MESSAGE_CHARS))
            .collect(Collectors.joining(" "));
    String detail =
        more == 0
            ? messages
            : BoundedText.cut(messages, MAX_DETAIL_CHARS - 200)
                + " There are "
                + more
                + " more problems ("
                + (listed.size() + more)
                + " in all; the first "
                + listed.size()
                + " are listed in errors): fix these and send the request again.";
    return invalid(detail, listed);
  }

  public static Problem invalid(String detail, List<FieldError> errors) {
    ProblemType type = ProblemType.INVALID_REQUEST;
    return new Problem(type.uri(), type.title(), type.status(), detail, errors);
  }

  public static Problem invalid(String field, String message) {
    return invalid(message, List.of(new FieldError(field, message)));
  }

  private static List<FieldError> bounded(List<FieldError> errors) {
    List<FieldError> kept = new ArrayList<>(Math.min(errors.size(), MAX_ERRORS));
    for (FieldError error : errors.subList(0, Math.min(errors.size(), MAX_ERRORS))) {
      kept.add(
          new FieldError(
              BoundedText.cut(error.field(), MAX_FIELD_CHARS),
              BoundedText.cut(error.message(), MAX_MESSAGE_CHARS)));
    }
    return List.copyOf(kept);
  }
}
