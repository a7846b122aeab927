package dev.videoagent.embedded;

import java.util.Objects;

/**
 * One invalid field of a {@link VideoSpec}, or of a {@link VideoQuery}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param field the field's name as the builder methods spell it, e.g. {@code "prompt"} or {@code
 *     "metadata.customer"}
 * @param message a sentence saying what is wrong, naming the field
 */
public record FieldProblem(String field, String message) {

  /**
   * Checks that no part is missing.
   *
   * @param field the field's name as the builder methods spell it, e.g. {@code "prompt"} or {@code
   *     "metadata.customer"}
   * @param message a sentence saying what is wrong, naming the field
   * @throws NullPointerException when {@code field} or {@code message} is null
   */
  public FieldProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
