package dev.videoagent.core;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule of the domain; lists every bad field, not just the first. */
public final class ValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::message).collect(Collectors.joining(" ")));
    this.errors = List.copyOf(errors);
  }

  public ValidationException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
