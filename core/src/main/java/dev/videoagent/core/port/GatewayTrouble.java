package dev.videoagent.core.port;

/** Why a gateway call gave no usable answer, when that answer is worth waiting for. */
public enum GatewayTrouble {
  /** No connection could be made (refused, unknown host, network down). */
  UNREACHABLE,
  /** {@code 429}: too many requests for the account. */
  RATE_LIMITED,
  /** {@code 503} or another answer the gateway gives before taking any work. */
  UNAVAILABLE,
  /**
   * {@code 402}: the account is out of credits. Nothing was taken or billed; every submission waits
   * until credit is back, which only the account's owner can bring about.
   */
  OUT_OF_CREDIT,
  /** The answer came but could not be understood (5xx on a read, HTML, broken JSON, time-out). */
  GARBLED
}
