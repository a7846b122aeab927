package dev.videoagent.core;

import java.util.Locale;

/** Why a job failed, or why its video could not be stored. The names are public contract. */
public enum ErrorCode {
  /** The gateway refused the submission (4xx). Nothing was billed. */
  GATEWAY_REJECTED,
  /** The gateway reported FAILED or ERROR for the job. */
  GATEWAY_FAILED,
  /** The job did not reach a terminal state before its deadline. */
  TIMED_OUT,
  /** The submit call ended ambiguously: the gateway may have taken (and billed) the job. */
  SUBMISSION_UNKNOWN,
  /** The video was completed but could not be downloaded into the store. */
  DOWNLOAD_FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ErrorCode fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
