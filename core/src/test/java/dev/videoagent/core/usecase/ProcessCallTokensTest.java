package dev.videoagent.core.usecase;

import dev.videoagent.core.port.CallTokens;
import dev.videoagent.core.testing.CallTokensContract;

/** The process's own bucket: shared by the threads of one process, through one instance. */
class ProcessCallTokensTest extends CallTokensContract {
  private ProcessCallTokens tokens;

  @Override
  protected CallTokens tokens(double perSecond) {
    if (tokens == null) {
      tokens = new ProcessCallTokens(perSecond, System::nanoTime);
    }
    return tokens;
  }
}
