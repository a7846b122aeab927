package dev.videoagent.api.http;

import io.javalin.http.Context;

/**
 * What a job id can look like ({@code vid_} and 26 letters and digits today; the rule leaves room
 * for other forms). An id in a path or a cursor is checked against it before anything looks it up,
 * so no lookup ever carries a NUL, an unpaired surrogate or kilobytes of text to the database.
 */
final class JobIds {
  static final int MAX_CHARS = 128;

  private JobIds() {}

  /** Whether {@code id} is 1 to {@link #MAX_CHARS} of {@code [A-Za-z0-9_-]}. */
  static boolean isWellFormed(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_CHARS) {
      return false;
    }
    // A loop, not a regular expression: it runs on every request that names a job.
    for (int i = 0; i < id.length(); i++) {
      if (!idChar(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean idChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  /**
   * The path's {@code {id}}.
   *
   * @throws ApiProblem 400 naming {@code id} when it cannot be a job id
   */
  static String fromPath(Context ctx) {
    String id = ctx.pathParam("id");
    if (!isWellFormed(id)) {
      throw new ApiProblem(
          Problem.invalid(
              "id",
              "id is not a video job id: ids are at most "
                  + MAX_CHARS
                  + " letters, digits, - and _, such as vid_01M8CNCHG1G9CJGG4RP6TJHP7D."));
    }
    return id;
  }
}
