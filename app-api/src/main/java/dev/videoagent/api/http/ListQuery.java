package dev.videoagent.api.http;

import dev.videoagent.core.FieldError;
import dev.videoagent.core.JobStatus;
import dev.videoagent.core.ValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query of {@code GET /v1/videos}, checked as a whole: every bad parameter is reported, by
 * name. Empty values count as absent, so {@code ?status=&limit=} is the default listing.
 *
 * @param status only jobs in this status, or null
 * @param limit 1 to {@value #MAX_LIMIT}
 * @param afterId continue after this job id (decoded from the cursor), or null
 */
public record ListQuery(JobStatus status, int limit, String afterId) {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  private static final Set<String> PARAMETERS = Set.of("status", "limit", "cursor");

  /**
   * @throws ValidationException naming each bad parameter
   */
  public static ListQuery from(Map<String, List<String>> params) {
    List<FieldError> errors = new ArrayList<>();
    params.keySet().stream()
        .filter(name -> !PARAMETERS.contains(name))
        .sorted()
        .forEach(
            name ->
                errors.add(
                    new FieldError(
                        name,
                        "\""
                            + name
                            + "\" is not a query parameter of this route; use status, limit and"
                            + " cursor.")));
    String rawStatus = single(params, "status", errors);
    String rawLimit = single(params, "limit", errors);
    String rawCursor = single(params, "cursor", errors);

    JobStatus status = null;
    if (rawStatus != null) {
      status = JobStatus.fromWire(rawStatus).orElse(null);
      if (status == null) {
        errors.add(
            new FieldError(
                "status",
                "status must be one of "
                    + Arrays.stream(JobStatus.values())
                        .map(JobStatus::wireName)
                        .collect(Collectors.joining(", "))
                    + "."));
      }
    }
    int limit = DEFAULT_LIMIT;
    if (rawLimit != null) {
      limit = parseLimit(rawLimit);
      if (limit < 0) {
        errors.add(
            new FieldError("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + "."));
      }
    }
    String afterId = null;
    if (rawCursor != null) {
      afterId = Cursor.decode(rawCursor).orElse(null);
      if (afterId == null) {
        errors.add(
            new FieldError(
                "cursor",
                "cursor is not valid; pass the next_cursor of the previous page exactly as it"
                    + " was given, or leave it out to start at the newest job."));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new ListQuery(status, limit, afterId);
  }

  private static String single(
      Map<String, List<String>> params, String name, List<FieldError> errors) {
    List<String> values =
        params.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
    if (values.size() > 1) {
      errors.add(new FieldError(name, name + " may be given only once."));
      return null;
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** The limit, or -1 when it is not a whole number in range. */
  private static int parseLimit(String raw) {
    if (!raw.matches("[0-9]{1,4}")) {
      return -1;
    }
    int value = Integer.parseInt(raw);
    return value >= 1 && value <= MAX_LIMIT ? value : -1;
  }
}
