package dev.videoagent.embedded;

/**
 * Which jobs {@link VideoAgent#list(VideoQuery)} returns: newest first, optionally only those in
 * one status, continuing after a cursor from the previous page.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status only jobs in this status, or {@code null} for all
 * @param limit how many jobs at most, 1 to 1000
 * @param cursor {@link VideoPage#nextCursor()} of the previous page, or {@code null} for the first
 */
public record VideoQuery(VideoStatus status, int limit, String cursor) {

  /**
   * Checks the limit.
   *
   * @param status only jobs in this status, or {@code null} for all
   * @param limit how many jobs at most, 1 to 1000
   * @param cursor {@link VideoPage#nextCursor()} of the previous page, or {@code null} for the
   *     first
   * @throws IllegalArgumentException when {@code limit} is not between 1 and 1000
   */
  public VideoQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000 (got " + limit + ").");
    }
  }

  /**
   * The newest jobs of any status.
   *
   * @param limit how many jobs at most, 1 to 1000
   * @return a query for the first page
   * @throws IllegalArgumentException when {@code limit} is not between 1 and 1000
   */
  public static VideoQuery newest(int limit) {
    return new VideoQuery(null, limit, null);
  }

  /**
   * The same query restricted to one status.
   *
   * @param value only jobs in this status, or {@code null} for all
   * @return a new query
   */
  public VideoQuery withStatus(VideoStatus value) {
    return new VideoQuery(value, limit, cursor);
  }

  /**
   * The same query continuing after a cursor.
   *
   * @param value {@link VideoPage#nextCursor()} of the previous page, or {@code null} for the first
   *     page
   * @return a new query
   */
  public VideoQuery after(String value) {
    return new VideoQuery(status, limit, value);
  }
}
