package dev.videoagent.embedded;

import java.util.List;
import java.util.Optional;

/**
 * One page of jobs, newest first, as returned by {@link VideoAgent#list(VideoQuery)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param videos the jobs of this page (unmodifiable); empty when there are none
 * @param nextCursor where the next page starts (pass it to {@link VideoQuery#after(String)}), or
 *     {@code null} on the last page
 */
public record VideoPage(List<Video> videos, String nextCursor) {

  /**
   * Copies the list so that the page cannot change afterwards.
   *
   * @param videos the jobs of this page (unmodifiable); empty when there are none
   * @param nextCursor where the next page starts (pass it to {@link VideoQuery#after(String)}), or
   *     {@code null} on the last page
   */
  public VideoPage {
    videos = List.copyOf(videos);
  }

  /**
   * The cursor of the next page, if there is one.
   *
   * @return {@link #nextCursor()} as an {@code Optional}
   */
  public Optional<String> nextCursorIfAny() {
    return Optional.ofNullable(nextCursor);
  }
}
