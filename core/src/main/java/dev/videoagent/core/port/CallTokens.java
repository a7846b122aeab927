package dev.videoagent.core.port;

import java.time.Duration;

/**
 * The tokens of the gateway call rate, kept where every process of a deployment takes them (the
 * database), so that three instances together call the gateway no faster than one would.
 */
public interface CallTokens {
  /**
   * Takes one token if there is one now.
   *
   * @return zero when a token was taken; otherwise how long until one will be there
   */
  Duration tryTake();
}
