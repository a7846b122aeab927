package dev.videoagent.adapters.persistence;

import java.util.regex.Pattern;

/** The job ids a video store accepts: none can name a file or an object outside the store. */
final class StoredVideoIds {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private StoredVideoIds() {}

  /**
   * @throws IllegalArgumentException when {@code jobId} has characters other than letters, digits,
   *     {@code _} and {@code -}, or more than 128
   */
  static String check(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException(
          "a job id for the video store must be 1 to 128 letters, digits, '_' or '-', not \""
              + jobId
              + "\"");
    }
    return jobId;
  }
}
