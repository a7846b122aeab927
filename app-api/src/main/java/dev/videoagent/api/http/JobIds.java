package dev.videoagent.api.http;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * What a job id can look like ({@code vid_} and 26 letters and digits today; the rule leaves room
 * for other forms). An id in a path or a cursor is checked against it before anything looks it up,
 * so no lookup ever carries a NUL, an unpaired surrogate or kilobytes of text to the database.
 */
final class JobIds {
  static final int MAX_CHARS = 128;
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_CHARS + "}");

  private JobIds() {}

  static boolean isWellFormed(String id) {
    return id != null && FORM.matcher(id).matches();
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
