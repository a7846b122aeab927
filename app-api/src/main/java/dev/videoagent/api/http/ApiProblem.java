package dev.videoagent.api.http;

import java.util.Map;

/**
 * An expected failure of a request, thrown by a handler and answered by {@link ProblemMapping} as
 * its problem document, with any extra response headers ({@code WWW-Authenticate}, {@code
 * Content-Range}).
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;
  private final Map<String, String> headers;

  public ApiProblem(Problem problem) {
    this(problem, Map.of());
  }

  public ApiProblem(Problem problem, Map<String, String> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  public static ApiProblem of(ProblemType type, String detail) {
    return new ApiProblem(type.problem(detail));
  }

  public Problem problem() {
    return problem;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
