package dev.videoagent.embedded;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link VideoSpec} breaks a rule: lists every bad field at once, each with a sentence naming it.
 * The message joins those sentences. Nothing was stored.
 *
 * <p>Thread-safe once thrown (immutable).
 */
public final class InvalidVideoRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldProblem> problems;

  /**
   * An exception listing the bad fields.
   *
   * @param problems every bad field, at least one
   * @throws IllegalArgumentException when {@code problems} is empty
   */
  public InvalidVideoRequestException(List<FieldProblem> problems) {
    super(problems.stream().map(FieldProblem::message).collect(Collectors.joining(" ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid request has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * Every bad field, in the order the rules were checked.
   *
   * @return an unmodifiable list, never empty (empty only after Java serialization)
   */
  public List<FieldProblem> problems() {
    return problems == null ? List.of() : problems;
  }

  /**
   * The names of the bad fields, for quick checks.
   *
   * @return e.g. {@code ["prompt", "voice"]}
   */
  public List<String> fields() {
    return problems().stream().map(FieldProblem::field).collect(Collectors.toList());
  }
}
